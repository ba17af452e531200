"""How many days keep their paper pages: paper_page_days, or fewer when the site would outgrow its budget.

Decided before anything is written, from an estimate of the site's bytes: listings, feeds and
static files do not depend on the choice; each day in the paper-page window adds its papers' pages,
FAQ fragments and search records. The estimate is a linear model of the text each output carries
(constants measured on our own pages): a function of content and settings only, so an incremental
build and a fresh one make the same choice. Days are dropped oldest first, so the newest days always keep their pages;
papers of dropped days link to arXiv instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from generator.content.model import Paper
from generator.render.catalog import Catalog

log = logging.getLogger(__name__)

PAGE_BASE = 5_000
"""Bytes of a paper page besides its text (head, Highwire tags, header, footer); measured ≈ 4.8 KB."""
PAGE_TEXT = 2.2
"""Each byte of title, names and abstract appears about twice on a paper page (meta tags, body)."""
FAQ_TEXT = 2.3
"""An FAQ's HTML sits on the paper page and in its fragment."""
SEARCH_TEXT = 1.9
"""Search index bytes per byte of indexed text (measured ≈ 1.8)."""
ENTRY_BASE = 1_700
"""Bytes of one listing entry besides its text (measured ≈ 1.6 KB)."""
FEED_BASE = 800
"""Bytes of one Atom entry besides its text."""
SAFETY = 0.9
"""Plan for 90 % of the budget: the estimate is a model, the budget a hard limit."""


@dataclass(frozen=True)
class Plan:
    page_days: int
    """Days (newest first) whose papers get pages."""
    configured: int
    estimate: int
    """Estimated site bytes with this plan."""
    fixed: int
    """Estimated bytes that no plan changes (listings, feeds, static files)."""
    dropped: tuple[str, ...] = ()
    """Days in the configured window whose papers link to arXiv instead, newest first."""

    def summary(self) -> str:
        if not self.dropped:
            return ""
        return (
            f"paper pages kept for the newest {self.page_days} days, not {self.configured}, to fit the "
            f"site budget (about {self.estimate / 1e6:.0f} MB): {self.dropped[-1]} to {self.dropped[0]} "
            "link their papers to arXiv"
        )


def _text(paper: Paper) -> int:
    names = sum(len(a.name) + sum(len(x) for x in a.affiliations) for a in paper.authors)
    return len(paper.title) + len(paper.abstract) + names + len(paper.comment or "")


def _paper_bytes(catalog: Catalog, paper: Paper) -> float:
    faq = catalog.faqs.get(paper.id)
    faq_len = len(faq.html) if faq else 0
    return PAGE_BASE + PAGE_TEXT * _text(paper) + FAQ_TEXT * faq_len + SEARCH_TEXT * (_text(paper) + faq_len)


def fixed_bytes(catalog: Catalog, feed_days: int, static: int, feeds: int | None = None) -> int:
    """Listings (each row on its category or archive page, each paper on its day page and home),
    feeds, and static files. Feeds are `feeds` bytes when given (feeds.planned_bytes: an upper bound
    of what the feed window really holds), else a quick over-estimate: each paper of feed_days in
    four feeds, whole."""
    rows = sum(len(r) for by_date in catalog.listings.values() for r in by_date.values())
    entry = sum(ENTRY_BASE + _text(p) for d in catalog.dates for p in catalog.days[d].papers)
    per_row = entry / max(1, sum(len(catalog.days[d].papers) for d in catalog.dates))
    listings = (rows + sum(len(catalog.days[d].papers) for d in catalog.dates)) * per_row
    recent = catalog.dates[-feed_days:] if feed_days > 0 else []
    if feeds is None:
        feeds = sum((FEED_BASE + _text(p)) * 4 for d in recent for p in catalog.days[d].papers)
    return int(listings + feeds + static)


def plan(catalog: Catalog, configured: int, budget: int, fixed: int) -> Plan:
    """The most page days (≤ configured) whose estimated site fits SAFETY × budget."""
    window = catalog.dates[-configured:] if configured > 0 else []
    newest_first = list(reversed(window))
    owner = {pid: seen[-1][0] for pid, seen in catalog.appearances.items()}
    total, kept = float(fixed), 0
    for date in newest_first:
        day = sum(_paper_bytes(catalog, p) for p in catalog.days[date].papers if owner[p.id] == date)
        if total + day > SAFETY * budget:
            break
        total += day
        kept += 1
    dropped = tuple(newest_first[kept:])
    # Nothing dropped: the configured window stands (a new day must not change every page's key).
    return Plan(kept if dropped else configured, configured, int(total), fixed, dropped)


def restrict(catalog: Catalog, page_days: int) -> None:
    """Give pages (and FAQs) only to papers announced on the newest `page_days` days."""
    window = set(catalog.dates[-page_days:]) if page_days > 0 else set()
    catalog.page_ids = {pid for pid, seen in catalog.appearances.items() if any(d in window for d, _ in seen)}
    catalog.faqs = {pid: faq for pid, faq in catalog.faqs.items() if pid in catalog.page_ids}
