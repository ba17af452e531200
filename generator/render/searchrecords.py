"""Search records from the catalog: one Pagefind custom record per paper appearance, grouped by day.

What each day's shard holds and the digest of its inputs (see search.py for how shards are built):
a paper as announced on a day whose papers have pages, with its FAQ's text on one appearance only.
"""

from __future__ import annotations

import collections
import html

import nh3

from generator.content.model import Faq, Paper
from generator.render import texstyle, urls
from generator.render.catalog import Catalog, paper_categories
from generator.render.keys import fingerprint
from generator.render.pagefind import Record, pagefind_version


def shard_of(date: str) -> str:
    """One shard per announcement day, named by its date."""
    return date


def _faq_text(faq: Faq) -> str:
    """The FAQ as readers see it on the page: the text of its sanitised HTML (script and style
    content dropped, as the page's sanitiser does), in one pass of the same sanitiser."""
    if not faq.html.strip():
        return ""
    return html.unescape(nh3.clean(faq.html, tags=set(), clean_content_tags={"script", "style"}))


def faq_day(catalog: Catalog, pid: str, window: set[str]) -> str | None:
    """The day whose record carries the paper's FAQ: the first announcement of the version the FAQ
    was written for (or of the newest version before it; else the paper's first day). Neither a
    later replacement nor the window sliding moves it to another day's shard, so no older shard
    changes for a new day; when that day has left the window (`window`), the FAQ is not indexed
    (the paper still is, by the days it has in the window)."""
    version = catalog.faq_version(pid)
    # Versions announced on days the site left out count too (they come first, with no day): with
    # them gone, the FAQ would move into a newer shard each time the oldest day leaves the site.
    seen: list[tuple[str | None, int]] = [(None, v) for v in catalog.left_out_versions.get(pid, ())]
    seen += [(d, p.version) for d, p in catalog.appearances.get(pid, ())]
    if version is None or not seen:
        return None
    older = [v for _, v in seen if v <= version]
    target = max(older) if older else min(v for _, v in seen)
    day = next(d for d, v in seen if v == target)
    return day if day in window else None


def _record(catalog: Catalog, date: str, paper: Paper, faq: Faq | None) -> Record:
    """The record of a paper as announced on `date`."""
    # The ids come last: a search by id finds the paper by them, and Pagefind's excerpt, taken
    # around the matched words, is then title, authors and abstract, not "arXiv:2606.0001 2606.0001 …".
    parts = [
        paper.title,
        ", ".join(a.name for a in paper.authors),
        texstyle.plain(paper.abstract),
        texstyle.plain(paper.comment or ""),
        paper.journal_ref or "",
        _faq_text(faq) if faq is not None else "",
        f"arXiv:{paper.id} {paper.id} {paper.versioned_id}",
    ]
    cats = tuple(c for c in paper_categories(paper) if c in catalog.listings)
    meta = (("title", paper.title), ("authors", ", ".join(a.name for a in paper.authors[:8])), ("day", date))
    content = "\n\n".join(p for p in parts if p)
    return Record("/" + urls.paper(paper.id), content, meta, (("category", cats), ("day", (date,))))


def window_of(catalog: Catalog, page_days: int) -> list[str]:
    """The days whose papers have pages, oldest first: the days with a shard."""
    return catalog.dates[-page_days:] if page_days > 0 else []


def _day_papers(catalog: Catalog, date: str) -> list[Paper]:
    """The day's papers that have a page, each once."""
    seen: dict[str, Paper] = {}
    for paper in catalog.days[date].papers:
        if paper.id in catalog.page_ids:
            seen.setdefault(paper.id, paper)
    return list(seen.values())


def day_records(catalog: Catalog, date: str, window: set[str]) -> list[Record]:
    return [
        _record(catalog, date, p, catalog.faqs.get(p.id) if faq_day(catalog, p.id, window) == date else None)
        for p in _day_papers(catalog, date)
    ]


def shard_records(catalog: Catalog, page_days: int) -> dict[str, list[Record]]:
    """Every shard's records (built lazily by the index; this is for tests and tools)."""
    dates = window_of(catalog, page_days)
    shards = {shard_of(d): day_records(catalog, d, set(dates)) for d in dates}
    return {name: records for name, records in shards.items() if records}


def category_papers(catalog: Catalog, page_days: int) -> dict[str, int]:
    """Papers indexed per category filter, each paper once: Pagefind's merged filter counts add up
    records, and a paper announced on two days of the window has a record in each shard."""
    ids: dict[str, set[str]] = collections.defaultdict(set)
    for date in window_of(catalog, page_days):
        for paper in _day_papers(catalog, date):
            for code in paper_categories(paper):
                if code in catalog.listings:
                    ids[code].add(paper.id)
    return {code: len(found) for code, found in sorted(ids.items())}


def shard_keys(catalog: Catalog, page_days: int, code: str = "") -> dict[str, str]:
    """Digest of each shard's inputs, without building its records: the day file's digest, which
    of its papers have a page, the FAQs its records carry, which of their categories have listings,
    our code (`code`) and Pagefind's version."""
    dates = window_of(catalog, page_days)
    window, version = set(dates), pagefind_version()
    keys = {}
    for date in dates:
        papers = _day_papers(catalog, date)
        if not papers:
            continue  # a day without papers has no shard (Pagefind refuses an empty index)
        faqs = tuple((p.id, catalog.faq_digests[p.id]) for p in papers if faq_day(catalog, p.id, window) == date)
        cats = {c for p in papers for c in paper_categories(p)}
        listed = tuple(sorted(c for c in cats if c in catalog.listings))
        ids = tuple(p.id for p in papers)
        keys[shard_of(date)] = fingerprint(code, version, catalog.day_digests.get(date, ""), ids, faqs, listed)
    return keys
