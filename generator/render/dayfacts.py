"""What the render remembers about each day file, in the content memo (render/contentmemo.py), so
that a new day does not redo for the old days what an earlier build already worked out:

- LISTING_BYTES: the bytes of the day's listing pages (retention.day_listing_bytes), which the budget's plan needs;
- FEED_ENTRIES: the measures of its papers' feed entries (render/feedtext.py), for the days in the
  feed window;
- DAY_PAGES: how many pages days/<date>/ has (pages.PageContext.day_page_count).

A fact holds only for the bytes it was learnt from: the memo keeps it while the file's stat is
unchanged and for the code that learnt it, and it is used only when the memo's digest of the file
is the digest of the bytes the catalog parsed (a file rewritten within one clock tick can keep its
stat).
"""

from __future__ import annotations

from typing import Any

from generator.config import Settings
from generator.content.store import ContentStore
from generator.render.catalog import Catalog
from generator.render.contentmemo import ContentMemo
from generator.render.feedtext import EntryFacts

LISTING_BYTES = "listing_bytes"
FEED_ENTRIES = "feed_entries"
"""Paper id -> feedtext.Fact, for a day in the feed window."""
DAY_PAGES = "day_pages"
"""[listing page size, digest of the archive codes, pages]: see PageContext.day_page_count."""


def known_listing_bytes(store: ContentStore, memo: ContentMemo | None) -> dict[str, tuple[str, float]]:
    """Date -> (digest, listing bytes) an earlier build measured for the day file as the content key
    found it (0.5 s of a new day's serial start at 30k papers, on two slow cores); the Horizon uses
    the bytes only for a day parsed from the file with that digest (the catalog is not made yet)."""
    known: dict[str, tuple[str, float]] = {}
    if memo is None:
        return known
    for date in store.dates():
        name = store.day_name(date)
        fact, digest = memo.fact(name), memo.digest(name)
        if isinstance(fact, dict) and type(fact.get(LISTING_BYTES)) is float and digest is not None:
            known[date] = (digest, fact[LISTING_BYTES])
    return known


def remembered(store: ContentStore, catalog: Catalog, memo: ContentMemo | None, fact: str, dates: list[str]) -> dict:
    """Date -> what an earlier build learnt under `fact` about each of `dates`' day files, for the
    bytes the catalog parsed."""
    found: dict[str, Any] = {}
    if memo is None:
        return found
    for date in dates:
        name = store.day_name(date)
        facts = memo.fact(name)
        value = facts.get(fact) if isinstance(facts, dict) else None
        if value is not None and memo.digest(name) == catalog.day_digests.get(date):
            found[date] = value
    return found


def feed_window(settings: Settings, catalog: Catalog) -> list[str]:
    return catalog.dates[-settings.feed_days :] if settings.feed_days > 0 else []


def recall(settings: Settings, store: ContentStore, catalog: Catalog, memo: ContentMemo | None) -> None:
    """Give the catalog what earlier builds learnt of its days (before the budget's plan, which may
    size the feeds): the feed window's entry measures (0.4 s of a new day's serial start at 30k
    papers: a week of papers' text) and every day's page count."""
    measures = remembered(store, catalog, memo, FEED_ENTRIES, feed_window(settings, catalog))
    catalog.feed_facts = EntryFacts({d: v for d, v in measures.items() if isinstance(v, dict)})
    catalog.day_page_counts = remembered(store, catalog, memo, DAY_PAGES, catalog.dates)


def learn(settings: Settings, catalog: Catalog, memo: ContentMemo | None) -> None:
    """Remember what this build worked out about its days; forget the entry measures of the days
    that left the feed window."""
    if memo is None:
        return
    store = ContentStore(settings.content_dir)
    window = set(feed_window(settings, catalog))
    for date in store.dates():
        name = store.day_name(date)
        facts = memo.fact(name)
        facts = facts if isinstance(facts, dict) else {}
        new: dict[str, Any] = {}
        measured = catalog.feed_facts.learnt.get(date)
        if measured is not None and date in window:
            new[FEED_ENTRIES] = measured
        elif date not in window and FEED_ENTRIES in facts:
            new[FEED_ENTRIES] = None
        pages = catalog.day_page_counts.get(date)
        if date in catalog.days and pages is not None and facts.get(DAY_PAGES) != pages:
            new[DAY_PAGES] = pages
        if new:
            memo.learn(name, catalog.day_digests.get(date) or memo.digest(name) or "", new)
