"""Saved-filter feeds: `[tool.digest.filter_feeds.<name>]` in the config makes feeds/filter-<name>.atom.

A paper matches a filter when every part the filter gives matches (the parts are ANDed, the terms of
one part ORed):
- categories: one of the paper's categories (aliases folded), or its archive, is listed;
- keywords: one of them occurs in the title or abstract;
- authors: one of them occurs in an author's name;
and no `exclude` term occurs in the title or abstract (exclude always wins). Terms match
case-insensitively as whole words ("GAN" does not match "organ"); a term of several words matches
them in sequence with any spacing between; a trailing `*` matches any word ending ("diffus*").
Listing pages of a filter's categories (every listing, for a filter without categories) and the
home page offer its feed for autodiscovery; feeds.opml lists it.
"""

from __future__ import annotations

import functools
import re

from generator.config import FilterFeed
from generator.content.model import Paper
from generator.render.catalog import Catalog, category_archives, paper_categories

PREFIX = "filter-"


def feed_name(spec: FilterFeed) -> str:
    return PREFIX + spec.name


def label(spec: FilterFeed) -> str:
    """The feed's name for people (its title, its OPML and autodiscovery text)."""
    return f"filter {spec.name}"


@functools.cache
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for the terms: whole words, case-insensitive, a trailing * for any ending."""
    parts = []
    for term in terms:
        body = r"\s+".join(re.escape(word) for word in term.split())
        if body.endswith(r"\*"):
            body = body[:-2] + r"\w*"
        parts.append(rf"(?<!\w){body}(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _finds(terms: tuple[str, ...], text: str) -> bool:
    pattern = _pattern(terms)
    return pattern is not None and pattern.search(text) is not None


def _in_categories(spec: FilterFeed, paper: Paper) -> bool:
    cats = paper_categories(paper)
    codes = set(cats) | {a for c in cats for a in category_archives(c)}
    return not codes.isdisjoint(spec.categories)


def matches(spec: FilterFeed, paper: Paper) -> bool:
    text = f"{paper.title}\n{paper.abstract}"
    if spec.categories and not _in_categories(spec, paper):
        return False
    if spec.keywords and not _finds(spec.keywords, text):
        return False
    if spec.authors and not _finds(spec.authors, "\n".join(a.name for a in paper.authors)):
        return False
    return not _finds(spec.exclude, text)


def day_papers(catalog: Catalog, spec: FilterFeed, date: str) -> list[Paper]:
    """The papers of one day that match, in the day's order."""
    return [paper for paper in catalog.days[date].papers if matches(spec, paper)]


def listing_feeds(filters: tuple[FilterFeed, ...], code: str) -> tuple[str, ...]:
    """Filter feeds a listing page of `code` (a category or archive) offers for autodiscovery."""
    archive = code.split(".", 1)[0]
    return tuple(feed_name(f) for f in filters if not f.categories or code in f.categories or archive in f.categories)
