"""How many days keep their paper pages, and how many the site lists at all, within the size budget.

Decided before anything is written, from an estimate of the site's bytes: listings, feeds and
static files do not depend on the choice of page days; each day in the paper-page window adds its
papers' pages, FAQ fragments and search records. The estimate is a linear model of the text each
output carries (constants measured on our own pages): a function of content and settings only, so
an incremental build and a fresh one make the same choice. Page days are dropped oldest first, so
the newest days always keep their pages; papers of dropped days link to arXiv instead. Listings
grow with every day of content (all of arXiv: about 15 MB a day), so past PAGE_FLOOR page days the
oldest days leave the site altogether: 60 days of all arXiv fit 800 MB with a week of pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from generator.content.model import Paper
from generator.render import faqshelf
from generator.render.catalog import Catalog, give_pages

log = logging.getLogger(__name__)

PAGE_BASE = 4_500
"""Bytes of a paper page besides its text (head, Highwire tags, header, footer)."""
PAGE_TEXT = 2.2
"""Each byte of title, names and abstract appears about twice on a paper page (meta tags, body)."""
FAQ_TEXT = 2.3
"""An FAQ's HTML sits on the paper page and in its fragment."""
FAQ_HTML_SHARE = 0.49
"""An FAQ's HTML in bytes per byte of its file (which holds the Markdown too; 0.48 to 0.51 over 3,000
FAQs): the plan is made before the FAQs are parsed, so only those of page days ever are."""
SEARCH_TEXT = 1.2
"""Search index bytes per byte of a paper's text and FAQ (measured 1.12 on 13 days of all arXiv:
about 1.0 per indexed byte, and a replaced paper has a record on each day it was announced)."""
ENTRY_BASE = 850
"""Bytes of one listing entry besides its own text (measured 772 on 20 days of all arXiv)."""
FEED_BASE = 800
"""Bytes of one Atom entry besides its text."""
SAFETY = 0.9
"""Plan for 90 % of the budget: the estimate is a model, the budget a hard limit."""
PAGE_FLOOR = 7
"""Days that keep their paper pages before any day loses its listings: a week, the feeds' and the
catch-up page's window. Past it, the oldest days leave the site instead (their content stays)."""


@dataclass(frozen=True)
class Plan:
    page_days: int
    """Days (newest first) whose papers get pages."""
    configured: int
    estimate: int
    """Estimated site bytes with this plan."""
    fixed: int
    """Estimated bytes of the listings of every day, the feeds and the static files."""
    dropped: tuple[str, ...] = ()
    """Days in the configured window whose papers link to arXiv instead, newest first."""
    site_days: int = 0
    """Days the site lists at all (newest first); 0: every day of content."""
    left_out: tuple[str, ...] = ()
    """Days of content the site leaves out to fit (no listings, no pages), newest first."""
    budget_line: int = 0
    """SAFETY × budget: what the estimate must stay under."""

    @property
    def fits(self) -> bool:
        return self.estimate <= self.budget_line

    def summary(self) -> str:
        parts = []
        if self.dropped:
            parts.append(
                f"paper pages kept for the newest {self.page_days} days, not {self.configured}, to fit the "
                f"site budget (about {self.estimate / 1e6:.0f} MB): {self.dropped[-1]} to {self.dropped[0]} "
                "link their papers to arXiv"
            )
        if self.left_out:
            parts.append(
                f"the site lists the newest {self.site_days} days: {self.left_out[-1]} to {self.left_out[0]} "
                "are left out (their content is kept)"
            )
        return "; ".join(parts)


def _text(paper: Paper) -> int:
    names = sum(len(a.name) + sum(len(x) for x in a.affiliations) for a in paper.authors)
    return len(paper.title) + len(paper.abstract) + names + len(paper.comment or "")


def _entry_text(paper: Paper) -> int:
    """The text a listing entry shows: title, every author's name, abstract, comment."""
    names = sum(len(a.name) + 2 for a in paper.authors)
    return len(paper.title) + len(paper.abstract) + names + len(paper.comment or "")


def _paper_bytes(paper: Paper, faq_size: int) -> float:
    """A paper page, its FAQ fragment and its search record; `faq_size`: bytes of its FAQ file."""
    faq_len, text = FAQ_HTML_SHARE * faq_size, _text(paper)
    return PAGE_BASE + PAGE_TEXT * text + FAQ_TEXT * faq_len + SEARCH_TEXT * (text + faq_len)


def day_listing_bytes(catalog: Catalog, date: str) -> float:
    """Bytes of one day's listings: each row on its category or archive page, each paper on the
    day page (the home page repeats part of the newest day: the SAFETY margin covers it)."""
    cost: dict[int, float] = {}  # one Paper object sits in many rows: measure it once

    def entry(paper: Paper) -> float:
        found = cost.get(id(paper))
        if found is None:
            found = cost[id(paper)] = ENTRY_BASE + _entry_text(paper)
        return found

    total = float(sum(entry(p) for p in catalog.days[date].papers))
    for by_date in catalog.listings.values():
        total += sum(entry(p) for _, p in by_date.get(date, ()))
    return total


def listing_bytes(catalog: Catalog, known: dict[str, float] | None = None) -> dict[str, float]:
    """Date -> bytes of its listings (day_listing_bytes; `known`: days already measured)."""
    known = known or {}
    return {d: known[d] if d in known else day_listing_bytes(catalog, d) for d in catalog.dates}


class PageBytes(dict):
    """Date -> bytes of the pages its papers bring (each paper counted on its newest day), each day
    measured when first asked: a plan asks for the newest few (at 60 days of all arXiv, 8 of 36)."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self.owner = {pid: seen[-1][0] for pid, seen in catalog.appearances.items()}

    def __missing__(self, date: str) -> float:
        sizes, owner = self.catalog.faq_sizes, self.owner
        papers = self.catalog.days[date].papers
        found = self[date] = sum(_paper_bytes(p, sizes.get(p.id, 0)) for p in papers if owner[p.id] == date)
        return found


def page_bytes(catalog: Catalog) -> dict[str, float]:
    """Date -> bytes of the pages its papers bring, for every day."""
    paged = PageBytes(catalog)
    return {d: paged[d] for d in catalog.dates}


@dataclass
class Horizon:
    """load_catalog's `enough`: asked after each day it reads, newest first, whether every older day
    is sure to be left out of the site, so it need not be parsed (at 60 days of all arXiv, 24 days).

    `plan` leaves out the oldest days while the listings of the days kept, the feeds, the static
    files and the pages of the PAGE_FLOOR newest days exceed the budget line. Once the newest days'
    listings, the static files and the floor's pages alone exceed it (feeds only add), every older
    day would be left out, so plan() on the days read makes the same choice as on every day."""

    configured: int
    """paper_page_days."""
    line: int
    """SAFETY × budget."""
    static: int
    faq_sizes: Callable[[set[str]], dict[str, int]]
    """ContentStore.faq_sizes: bytes of the FAQ files of these papers."""
    listed: dict[str, float] = field(default_factory=dict)
    """Date -> bytes of its listings, of every day read (what plan() asks for again)."""
    known: Mapping[str, tuple[str, float]] = field(default_factory=dict)
    """Date -> (digest of a day file, bytes of its listings) as measured by an earlier build (a
    function of the day file alone, remembered in the content memo: see stage._load_catalog), not
    measured again for a day parsed from a file with that digest."""
    _floor: list = field(default_factory=list)
    """The papers whose newest day is one of the floor's days (they bring the floor's pages)."""
    _pages: float = 0.0

    def __call__(self, catalog: Catalog, date: str) -> bool:
        known = self.known.get(date)
        if known is not None and known[0] == catalog.day_digests.get(date):
            self.listed[date] = known[1]
        else:
            self.listed[date] = day_listing_bytes(catalog, date)
        read = len(self.listed)
        floor = min(PAGE_FLOOR, self.configured) if self.configured > 0 else 0
        if read <= floor:
            # Read newest first: a paper seen on no day before this one has it as its newest day.
            self._floor += [p for p in catalog.days[date].papers if len(catalog.appearances[p.id]) == 1]
            if read == floor:
                sizes = self.faq_sizes({p.id for p in self._floor})
                self._pages = sum(_paper_bytes(p, sizes.get(p.id, 0)) for p in self._floor)
            return False
        return sum(self.listed.values()) + self.static + self._pages > self.line


def fixed_bytes(
    catalog: Catalog, feed_days: int, static: int, feeds: int | None = None, listed: dict[str, float] | None = None
) -> int:
    """Listings of every day (`listed`: listing_bytes, when already known), feeds, and static
    files. Feeds are `feeds` bytes when given (feeds.planned_bytes: an upper bound of what the
    feed window really holds), else a quick over-estimate: each paper of feed_days in four feeds, whole."""
    listings = sum((listed if listed is not None else listing_bytes(catalog)).values())
    recent = catalog.dates[-feed_days:] if feed_days > 0 else []
    if feeds is None:
        feeds = sum((FEED_BASE + _text(p)) * 4 for d in recent for p in catalog.days[d].papers)
    return int(listings + feeds + static)


def plan(
    catalog: Catalog,
    configured: int,
    budget: int,
    fixed: int,
    listed: dict[str, float] | None = None,
    paged: Mapping[str, float] | None = None,
) -> Plan:
    """The most page days (≤ configured) whose estimated site fits SAFETY × budget (`listed` and
    `paged`: listing_bytes and page_bytes, when already known); when even
    PAGE_FLOOR days of pages do not fit beside the listings of every day, those days keep their
    pages and the oldest days leave the site until it fits. `fits` is False when nothing does."""
    line = int(SAFETY * budget)
    window = catalog.dates[-configured:] if configured > 0 else []
    newest_first = list(reversed(window))
    paged = paged if paged is not None else PageBytes(catalog)
    total, kept = float(fixed), 0
    for date in newest_first:
        if total + paged[date] > line:
            break
        total += paged[date]
        kept += 1
    if kept == len(newest_first) and total <= line:
        # Nothing dropped: the configured window stands (a new day must not change every page's key).
        return Plan(configured, configured, int(total), fixed, budget_line=line)
    floor = min(PAGE_FLOOR, len(newest_first))
    if kept >= floor and total <= line:  # (with no page days at all, the listings may still be over)
        return Plan(kept, configured, int(total), fixed, tuple(newest_first[kept:]), budget_line=line)
    # The floor keeps its pages; the oldest days beyond it leave the site, oldest first.
    listed = listed if listed is not None else listing_bytes(catalog)
    pages = [paged[d] for d in newest_first[:floor]]
    total = fixed + sum(pages)
    site = list(catalog.dates)
    while total > line and len(site) > max(floor, 1):  # with no page days, the newest day stays listed
        total -= listed[site.pop(0)]
    page_days = floor
    while total > line and page_days > 0:  # the floor's listings and pages are too big
        page_days -= 1
        total -= pages[page_days]
    while total > line and len(site) > 1:  # no pages at all, and fewer days still
        total -= listed[site.pop(0)]
    listed_days = set(site)
    dropped = tuple(d for d in newest_first[page_days:] if d in listed_days)
    left_out = tuple(reversed(catalog.dates[: len(catalog.dates) - len(site)]))
    site_days = len(site) if left_out else 0
    return Plan(page_days, configured, int(total), fixed, dropped, site_days, left_out, budget_line=line)


def restrict(catalog: Catalog, page_days: int, site_days: int = 0) -> None:
    """Keep the newest `site_days` days only (0: all), and give pages (and FAQs) only to papers
    announced on the newest `page_days` days."""
    if 0 < site_days < len(catalog.dates):
        gone = set(catalog.dates[:-site_days])
        catalog.dates = catalog.dates[-site_days:]
        catalog.days = {d: catalog.days[d] for d in catalog.dates}
        catalog.day_digests = {d: v for d, v in catalog.day_digests.items() if d not in gone}
        for code in list(catalog.listings):
            by_date = {d: rows for d, rows in catalog.listings[code].items() if d not in gone}
            if by_date:
                catalog.listings[code] = by_date
            else:
                del catalog.listings[code]
        catalog.archives &= set(catalog.listings)
        appearances = {}
        for pid, seen in catalog.appearances.items():
            left = [(d, p) for d, p in seen if d not in gone]
            if left:
                appearances[pid] = left
                if len(left) < len(seen):
                    gone_versions = tuple(p.version for d, p in seen if d in gone)
                    catalog.left_out_versions[pid] = (*catalog.left_out_versions.get(pid, ()), *gone_versions)
        catalog.appearances = appearances
    give_pages(catalog, page_days)
    catalog.faqs = faqshelf.keep(catalog.faqs, catalog.page_ids)
    catalog.faq_digests = {pid: d for pid, d in catalog.faq_digests.items() if pid in catalog.faqs}
    catalog.faq_versions = {pid: v for pid, v in catalog.faq_versions.items() if pid in catalog.faqs}
