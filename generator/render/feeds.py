"""Atom feeds (one per category, per archive, and "all") and the OPML list of them.

Entries: one per announced version, as arXiv's own feed has one item per announcement (guid
oai:arXiv.org:<id>v<N>). An entry's id is the versioned abstract URL (https://arxiv.org/abs/<id>v<N>),
stable across builds, feeds and hosts; a replacement (v2) is a new entry, so readers show it as new
and unread instead of silently updating the v1 entry they marked read. Its published and updated
times are the announcement (the day's midnight in New York, as arXiv's pubDate), so a replacement
of an old paper sorts under the day it was announced, not under its v1 date. A feed's id and rel=self are its absolute URL
when base_url is set; in a relative build (no base_url: a local preview) the id is the tag URI
tag:arxiv-digest.invalid,2026:feeds/<name> (atom:id must be absolute; .invalid says "not
deployed") and rel=self is the relative file name, which readers resolve against the feed's own URL.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterator

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from generator.content import taxonomy
from generator.content.model import Paper
from generator.render import urls
from generator.render.catalog import Catalog, category_archives, paper_categories
from generator.render.keys import Keyring, Output, Shape
from generator.render.views import ABS_URL

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
TAG_PREFIX = "tag:arxiv-digest.invalid,2026:"


def clean(text: str) -> str:
    """Strip characters XML 1.0 forbids (they do occur in extracted text; lxml refuses them)."""
    return _CONTROL.sub("", text)


class _Entry(FeedEntry):
    """feedgen 1.0 drops rel/type from entry links (lkiesow/python-feedgen#135): put them back.

    A paper sits in the all, archive and category feeds with the same entry: its XML is built once
    and each feed gets a copy (lxml moves an element it appends, so it cannot be shared)."""

    _built = None

    def atom_entry(self, extensions=True):
        if self._built is None:
            entry = super().atom_entry(extensions)
            for element, data in zip(entry.findall("link"), self.link() or []):
                for attr in ("rel", "type"):
                    if data.get(attr):
                        element.set(attr, data[attr])
            self._built = entry
        return copy.deepcopy(self._built)


ARXIV_TZ = zoneinfo.ZoneInfo("America/New_York")


def announced_at(date: str) -> dt.datetime:
    """When a day's listing was announced, as arXiv's feed dates it: midnight in New York; never now()."""
    return dt.datetime.fromisoformat(date).replace(tzinfo=ARXIV_TZ)


def fallback_time(epoch: str) -> dt.datetime:
    """`updated` of a feed without entries: SOURCE_DATE_EPOCH (a key input), else 1970; never now()."""
    return dt.datetime.fromtimestamp(int(epoch or 0), dt.UTC)


def feed_entries(catalog: Catalog, code: str, days: list[str]) -> tuple:
    """(date, paper) per announced version in the feed, newest day first; a version listed on two
    days (new, then cross-listed to one more category) is one entry, at its latest appearance."""
    seen: set[tuple[str, int]] = set()
    out = []
    for date in reversed(days):
        if code == "all":
            papers: list[Paper] = list(catalog.days[date].papers)
        else:
            papers = [paper for _, paper in catalog.listings.get(code, {}).get(date, [])]
        for paper in papers:
            if (paper.id, paper.version) not in seen:
                seen.add((paper.id, paper.version))
                out.append((date, paper))
    return tuple(out)


def _entry_link(paper: Paper, catalog: Catalog, linker: urls.Linker) -> str:
    if paper.id not in catalog.page_ids:
        return ABS_URL + paper.id
    return linker.absolute(urls.paper(paper.id)) or "../" + urls.paper(paper.id) + "index.html"


def _entry(date: str, paper: Paper, catalog: Catalog, linker: urls.Linker) -> _Entry:
    tax = taxonomy.load()
    fe = _Entry()
    fe.id(ABS_URL + paper.versioned_id)
    # Atom requires a non-empty title and author name (feedgen raises otherwise); a title of only
    # control characters or spaces does reach us from mangled listings.
    title = clean(paper.title).strip() or f"arXiv:{paper.id}"
    fe.title(title if paper.version == 1 else f"{title} (v{paper.version})")
    fe.updated(announced_at(date))
    fe.published(announced_at(date))
    fe.link(href=_entry_link(paper, catalog, linker), rel="alternate", type="text/html")
    names = [name for name in (clean(a.name).strip() for a in paper.authors or ()) if name]
    for name in names or ["Unknown"]:
        fe.author({"name": name})
    for code in paper.categories:
        fe.category(term=clean(code), label=clean(tax.name(tax.canonical(code))))
    fe.summary(clean(paper.abstract), type="text")
    return fe


def build_feed(
    name: str,
    entries: tuple,
    catalog: Catalog,
    linker: urls.Linker,
    settings: Shape,
    cache: dict | None = None,
    epoch: str = "",
) -> bytes:
    """One Atom feed. `cache` shares entry objects between the feeds of one build: a paper sits in
    the all, archive and category feeds with the same entry, and building it is most of the cost."""
    tax = taxonomy.load()
    cache = {} if cache is None else cache
    path = urls.feed(name)
    fg = FeedGenerator()
    fg.id(linker.absolute(path) or TAG_PREFIX + path.removesuffix(".atom"))
    label = "all papers" if name == "all" else f"{name}: {tax.name(name)}"
    fg.title(clean(f"{settings.site_title} — {label}").strip(" —"))
    fg.author({"name": clean(settings.site_title).strip() or "arXiv digest"})
    home = urls.HOME if name == "all" else urls.listing(name)
    fg.link(href=linker.absolute(home) or "../" + urls.output_file(home), rel="alternate", type="text/html")
    fg.link(href=linker.absolute(path) or path.removeprefix("feeds/"), rel="self", type="application/atom+xml")
    fg.language("en")
    for date, paper in entries:
        fe = cache.get((paper.id, date))
        if fe is None:
            fe = cache[(paper.id, date)] = _entry(date, paper, catalog, linker)
        fg.add_entry(fe, order="append")
    times = [fe.updated() for fe in fg.entry()]
    fg.updated(max(times) if times else fallback_time(epoch))
    return fg.atom_str(pretty=True)


def paper_feeds(catalog: Catalog, paper: Paper) -> tuple[str, ...]:
    """Feeds a paper page offers for autodiscovery: the first of its categories (primary first)
    with a feed, else an archive feed holding it, and always the all-papers feed."""
    cats = paper_categories(paper)
    archives = [a for c in cats for a in category_archives(c)]
    found = next((code for code in cats + archives if code in catalog.listings), None)
    return (found, "all") if found else ("all",)


def feed_names(catalog: Catalog) -> list[str]:
    return ["all"] + catalog.codes()


def feed_outputs(catalog: Catalog, linker: urls.Linker, keys: Keyring) -> Iterator[Output]:
    settings = keys.shape
    days = catalog.dates[-settings.feed_days :] if settings.feed_days > 0 else []
    entries_cache: dict = {}
    # A paper as announced on a day is fixed by the day file's bytes: key entries by their digest.
    day_keys = tuple((d, catalog.day_digests.get(d, "")) for d in days)
    for name in feed_names(catalog):
        entries = feed_entries(catalog, name, days)[: max(settings.feed_max_entries, 0)]
        # Inputs: the entries plus which of them have pages (that decides their links).
        inputs = (day_keys, tuple((d, p.id, p.id in catalog.page_ids) for d, p in entries))
        yield keys.output(
            urls.feed(name),
            f"feed {name}",
            inputs,
            functools.partial(build_feed, name, entries, catalog, linker, settings, entries_cache, keys.epoch),
        )
