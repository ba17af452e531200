"""Parse arXiv's listing feeds (rss.arxiv.org, RSS 2.0 or Atom flavour) into papers of one day.

lxml with explicit namespaces, never feedparser: feedparser sanitises abstracts as HTML and turns
`$0<s<1$` into `$0<s><1$`. Text keeps arXiv's raw TeX (accents outside math become Unicode).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
from dataclasses import dataclass
from typing import cast

from lxml import etree

from generator.content.model import ANNOUNCE_TYPES, Author, Paper, split_version
from generator.errors import FeedFormatError
from generator.fetch.texnorm import clean_abstract, clean_line, tex_to_unicode

log = logging.getLogger(__name__)

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_PREFIX = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*\S+\s*(?:Abstract:\s*)?", re.S)
_GUID = re.compile(r"^(?:oai:arXiv\.org:)?(.+)$")


@dataclass(frozen=True)
class Listing:
    """One listing feed: its announcement date (None when the feed has no date) and its papers."""

    date: str | None
    papers: tuple[Paper, ...]
    items: int = 0
    """Items in the reply before parsing: arXiv's 2,000 cap counts these, not the papers we kept."""
    capped: tuple[str, ...] = ()
    """Categories whose reply hit the cap and could not be split: papers beyond it are missing."""


def parse_listing(data: bytes, url: str) -> Listing:
    """Parse a listing feed; raises FeedFormatError (with the URL) for anything that is not one."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise FeedFormatError(f"malformed listing feed from {url}: {err}", url=url) from None
    tag = etree.QName(root).localname
    if tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise FeedFormatError(f"RSS without <channel> from {url}", url=url)
        date = _rss_date(channel.findtext("pubDate"), url)
        items = channel.findall("item")
    elif tag == "feed" and etree.QName(root).namespace == NS["atom"]:
        items = root.findall("atom:entry", NS)
        date = _atom_date(items[0].findtext("atom:published", namespaces=NS), url) if items else None
    else:
        raise FeedFormatError(f"expected an RSS or Atom listing feed from {url}, got <{tag}>", url=url)
    papers: dict[str, Paper] = {}
    for item in items:
        paper = _parse_item(item, url)
        if paper is not None:
            # A paper is listed once per feed; if a mirror repeats it, keep the first.
            papers.setdefault(paper.id, paper)
    return Listing(date=date, papers=tuple(papers.values()), items=len(items))


def _rss_date(text: str | None, url: str) -> str | None:
    if not text:
        return None
    try:
        # The date as arXiv wrote it, in its own (New York) offset: that is the mailing date.
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError):
        raise FeedFormatError(f"unreadable channel pubDate {text!r} in {url}", url=url) from None


def _atom_date(text: str | None, url: str) -> str | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip()).date().isoformat()
    except ValueError:
        raise FeedFormatError(f"unreadable <published> {text!r} in {url}", url=url) from None


def _text(item: etree._Element, *paths: str) -> str | None:
    for path in paths:
        value = item.findtext(path, namespaces=NS)
        if value is not None and value.strip():
            return value.strip()
    return None


def _parse_item(item: etree._Element, url: str) -> Paper | None:
    guid = _text(item, "guid", "atom:id")
    found = _GUID.match(guid) if guid else None
    vid, version = split_version(found.group(1)) if found else ("", None)
    if version is None:
        log.warning("skipping a feed item without a versioned arXiv id (%r) in %s", guid, url)
        return None
    kind = _text(item, "arxiv:announce_type")
    if kind not in ANNOUNCE_TYPES:
        log.warning("skipping %s: unknown announce type %r in %s", vid, kind, url)
        return None
    cats = [c.text.strip() for c in item.findall("category") if c.text and c.text.strip()]
    cats += [term for c in item.findall("atom:category", NS) if (term := c.get("term"))]
    if not cats:
        log.warning("skipping %s: no categories in %s", vid, url)
        return None
    title = _text(item, "title", "atom:title")
    if title is None:  # the title "0" is a real title (2104.12255); only a missing one is an error
        log.warning("skipping %s: no title in %s", vid, url)
        return None
    description = _text(item, "description", "atom:summary") or ""
    return Paper(
        id=vid,
        version=version,
        title=tex_to_unicode(clean_line(title)),
        authors=parse_creators(_text(item, "dc:creator") or ""),
        abstract=tex_to_unicode(clean_abstract(_PREFIX.sub("", description, count=1))),
        categories=tuple(dict.fromkeys(cats)),
        announce_type=kind,
        license=_text(item, "dc:rights"),
        doi=_text(item, "arxiv:DOI", "arxiv:doi"),
        journal_ref=_text(item, "arxiv:journal_reference", "arxiv:journal_ref"),
    )


def _split_top_level(text: str, sep: str = ",") -> list[str]:
    """Split on `sep` outside parentheses (affiliations contain commas)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    if depth:
        # An unclosed "(" would swallow every later author as an affiliation; a plain split keeps
        # the list (an affiliation may then show up as a name, which is the lesser harm).
        log.info("unbalanced parentheses in an author list; splitting on commas")
        parts = text.split(sep)
    return [p.strip() for p in parts if p.strip()]


def parse_creators(creator: str) -> tuple[Author, ...]:
    """`dc:creator` ("A (Aff1, Aff2), B, C") -> authors with affiliations; TeX accents converted.

    arXiv builds the string as "First Last (Affil1, Affil2)" joined by ", "; it can be 74,000
    characters long, so this is one linear pass.
    """
    authors = []
    for part in _split_top_level(clean_line(creator)):
        name, affiliations = part, cast(tuple[str, ...], ())
        if part.endswith(")") and "(" in part:
            cut = part.index("(")
            name = part[:cut].strip()
            affiliations = tuple(_split_top_level(part[cut + 1 : -1]))
        name = clean_name(name)
        if name:
            authors.append(Author(tex_to_unicode(name), tuple(tex_to_unicode(a) for a in affiliations)))
    return tuple(authors)


_LEADING_AND = re.compile(r"^and\s+")
_LINE_BREAK = re.compile(r"\\\\(?:\[[^\]]*\])?")
"""TeX's `\\\\` (or `\\\\[2pt]`): a line break, never part of a name."""
_HAS_WORD = re.compile(r"\w")


def clean_name(name: str) -> str:
    """One author name as arXiv's own author parser left it, repaired.

    arXiv writes a collaboration prefix `NVIDIA: A, B` as `NVIDIA,  :, A, B`, which leaves an
    "author" that is only punctuation (dropped); a list ending `…, Liu Meiling, and Xu Jie` leaves
    "and Xu Jie" (BibTeX would then read `and and`), so a leading "and" goes. A TeX line break
    pasted into the list (`\\\\Ajinkya Umesh Mulik`, 2506.05195) is a space.
    """
    if not _HAS_WORD.search(name):
        return ""
    return _LEADING_AND.sub("", clean_line(_LINE_BREAK.sub(" ", name))).strip()
