"""Atom feeds (all papers, one per category and archive, one per saved filter) and the OPML list of them.

Window: whole announcement days of the last `feed_days`, newest first. The newest day with entries
is always whole, whatever `feed_max_entries` or the size cap (FEED_MAX_BYTES, 300 KB) say, so a
reader polling once a day never misses a paper; older days follow, each whole, while the feed stays
under both. A category (or filter) feed whose newest day alone is over the cap keeps all of that
day with its longest abstracts shortened alike until it fits; archive and all-papers feeds keep
whole abstracts and so, on a busy day, only the newest day. Details: render/feedwindow.py.
Entries are lean: title, authors, category terms, the abstract and the paper page's link (never the
FAQ), unindented. A feed's key lists exactly its entries (and the abstract limit), so a feed whose
entries did not change is neither rebuilt nor rewritten.

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
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from generator.config import FilterFeed
from generator.content import taxonomy
from generator.content.model import Paper
from generator.render import feedwindow, filterfeeds, urls
from generator.render.catalog import Catalog, category_archives, paper_categories
from generator.render.feedentries import EntryShelf
from generator.render.feedtext import abstract_text, clean, entry_names, entry_title
from generator.render.keys import Keyring, Output, Shape, digest
from generator.render.views import ABS_URL

TAG_PREFIX = "tag:arxiv-digest.invalid,2026:"


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

    @classmethod
    def stored(cls, xml: str) -> _Entry | None:
        """The entry an earlier build stored (render/feedentries.py); None if its XML is damaged."""
        try:
            built = etree.fromstring(xml)
        except etree.XMLSyntaxError:
            return None
        fe = cls()
        fe._built = built
        return fe

    def xml(self) -> str:
        return etree.tostring(self.atom_entry(), encoding="unicode")


ARXIV_TZ = zoneinfo.ZoneInfo("America/New_York")


def announced_at(date: str) -> dt.datetime:
    """When a day's listing was announced, as arXiv's feed dates it: midnight in New York; never now()."""
    return dt.datetime.fromisoformat(date).replace(tzinfo=ARXIV_TZ)


def fallback_time(epoch: str) -> dt.datetime:
    """`updated` of a feed without entries: SOURCE_DATE_EPOCH (a key input), else 1970; never now()."""
    return dt.datetime.fromtimestamp(int(epoch or 0), dt.UTC)


def _day_papers(catalog: Catalog, name: str, date: str, filters: tuple[FilterFeed, ...]) -> list[Paper]:
    if name == "all":
        return list(catalog.days[date].papers)
    spec = filter_spec(filters, name)
    if spec is not None:
        return filterfeeds.day_papers(catalog, spec, date)
    return [paper for _, paper in catalog.listings.get(name, {}).get(date, [])]


def feed_days(
    catalog: Catalog, name: str, days: list[str], filters: tuple[FilterFeed, ...] = ()
) -> Iterator[tuple[str, list[Paper]]]:
    """(date, papers) of each day with entries in the feed, newest first, lazily (a feed often
    ends after its newest day): one entry per announced version; a version listed on two days
    (new, then cross-listed to one more category) is one entry, at its latest appearance."""
    seen: set[tuple[str, int]] = set()
    for date in reversed(days):
        papers = []
        for paper in _day_papers(catalog, name, date, filters):
            if (paper.id, paper.version) not in seen:
                seen.add((paper.id, paper.version))
                papers.append(paper)
        if papers:
            yield date, papers


def filter_spec(filters: tuple[FilterFeed, ...], name: str) -> FilterFeed | None:
    return next((f for f in filters if filterfeeds.feed_name(f) == name), None)


def feed_label(name: str, filters: tuple[FilterFeed, ...] = ()) -> str:
    """What a feed is, for people: "all papers", "cs.AI: Artificial Intelligence", "filter x"."""
    spec = filter_spec(filters, name)
    if spec is not None:
        return filterfeeds.label(spec)
    return "all papers" if name == "all" else f"{name}: {taxonomy.load().name(name)}"


def feed_home(name: str) -> str:
    """The page a feed is the feed of (its rel=alternate): a listing, or home for all and filters."""
    return urls.HOME if name == "all" or name.startswith(filterfeeds.PREFIX) else urls.listing(name)


def _entry_link(paper: Paper, catalog: Catalog, linker: urls.Linker) -> str:
    if not catalog.has_page(paper):
        return ABS_URL + paper.id
    return linker.absolute(urls.paper(paper.id)) or "../" + urls.paper(paper.id) + "index.html"


def _entry(date: str, paper: Paper, link: str, limit: int | None) -> _Entry:
    """Lean: title, authors, categories, the abstract (shortened to `limit`, see feedwindow) and
    the paper page's link; never the FAQ, which the page has."""
    fe = _Entry()
    fe.id(ABS_URL + paper.versioned_id)
    fe.title(entry_title(paper))
    fe.updated(announced_at(date))
    fe.published(announced_at(date))
    fe.link(href=link, rel="alternate", type="text/html")
    for name in entry_names(paper):
        fe.author({"name": name})
    for code in paper.categories:
        fe.category(term=clean(code))
    fe.summary(feedwindow.shorten(abstract_text(paper), limit), type="text")
    return fe


@dataclass(frozen=True)
class FeedPlan:
    """One feed: its entries (date, paper), newest day first, and the abstract limit of its window."""

    name: str
    entries: tuple[tuple[str, Paper], ...]
    abstract_limit: int | None
    keys: tuple[str, ...]
    """entry_key of each entry: what the build's cache and the EntryShelf hold it under."""


def entry_key(paper: Paper, date: str, limit: int | None, shown: str) -> str:
    """Everything an entry is made of: its version, its day, its abstract limit and the digest of
    all it shows (_Sizes.of); with our code (the shelf's), that is the entry's XML."""
    return f"{paper.versioned_id}|{date}|{limit}|{shown}"


def _head(name: str, linker: urls.Linker, shape: Shape) -> tuple[str, str, str, str]:
    """(id, title, alternate link, self link) of a feed."""
    path = urls.feed(name)
    label = feed_label(name, shape.filter_feeds)
    title = clean(f"{shape.site_title} — {label}").strip(" —")
    home = feed_home(name)
    alternate = linker.absolute(home) or "../" + urls.output_file(home)
    return (
        linker.absolute(path) or TAG_PREFIX + path.removesuffix(".atom"),
        title,
        alternate,
        linker.absolute(path) or path.removeprefix("feeds/"),
    )


def build_feed(
    plan: FeedPlan,
    catalog: Catalog,
    linker: urls.Linker,
    shape: Shape,
    cache: dict | None = None,
    epoch: str = "",
    shelf: EntryShelf | None = None,
) -> bytes:
    """One Atom feed. `cache` shares entry objects between the feeds of one build: a paper sits in
    the all, archive and category feeds with the same entry, and building it is most of the cost;
    `shelf` holds the entries earlier builds made (render/feedentries.py)."""
    cache = {} if cache is None else cache
    feed_id, title, alternate, self_link = _head(plan.name, linker, shape)
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.author({"name": clean(shape.site_title).strip() or "arXiv digest"})
    fg.link(href=alternate, rel="alternate", type="text/html")
    fg.link(href=self_link, rel="self", type="application/atom+xml")
    fg.language("en")
    for (date, paper), key in zip(plan.entries, plan.keys, strict=True):
        fe = cache.get(key)
        if fe is None:
            stored = shelf.get(key) if shelf is not None else None
            fe = _Entry.stored(stored) if stored is not None else None
            if fe is None:
                fe = _entry(date, paper, _entry_link(paper, catalog, linker), plan.abstract_limit)
                if shelf is not None:
                    shelf.put(key, fe)
            cache[key] = fe
        fg.add_entry(fe, order="append")
    # An entry's updated time is its announcement (a stored entry's object holds only its XML).
    times = [announced_at(date) for date in {date for date, _ in plan.entries}]
    fg.updated(max(times) if times else fallback_time(epoch))
    return fg.atom_str(pretty=False)


def paper_feeds(catalog: Catalog, paper: Paper) -> tuple[str, ...]:
    """Feeds a paper page offers for autodiscovery: the first of its categories (primary first)
    with a feed, else an archive feed holding it, and always the all-papers feed."""
    cats = paper_categories(paper)
    archives = [a for c in cats for a in category_archives(c)]
    found = next((code for code in cats + archives if code in catalog.listings), None)
    return (found, "all") if found else ("all",)


def feed_names(catalog: Catalog, filters: tuple[FilterFeed, ...] = ()) -> list[str]:
    """Every feed: all papers, each category and archive with a listing, each saved filter."""
    return ["all"] + catalog.codes() + [filterfeeds.feed_name(f) for f in filters]


class _Sizes:
    """Entry sizes and digests of one build, per paper object (a paper sits in several feeds):
    the measures of the paper as its day holds it (Catalog.feed_facts), and the link added."""

    def __init__(self, catalog: Catalog, linker: urls.Linker) -> None:
        self.catalog, self.linker = catalog, linker
        self._found: dict[int, tuple[feedwindow.Sized, str]] = {}

    def of(self, paper: Paper, date: str) -> tuple[feedwindow.Sized, str]:
        """(size, digest of everything the entry shows but its date), for the paper as announced on `date`."""
        found = self._found.get(id(paper))
        if found is None:
            fixed, abstract, shown = self.catalog.feed_facts.of(paper, date)
            link = _entry_link(paper, self.catalog, self.linker)
            size = feedwindow.Sized(fixed + feedwindow.xml_len(link), abstract)
            found = self._found[id(paper)] = (size, digest(f"{link}\0{shown}".encode("utf-8", "surrogatepass")))
        return found


def plan_feed(
    name: str, days: Iterator[tuple[str, list[Paper]]], sizes: _Sizes, shape: Shape
) -> tuple[FeedPlan, tuple]:
    """The feed's window (see feedwindow) and the key inputs of exactly its entries."""
    head = _head_bytes(name, sizes.linker, shape)
    read: list[tuple[str, list[Paper]]] = []

    def grouped() -> Iterator[list[feedwindow.Sized]]:
        for date, papers in days:
            read.append((date, papers))
            yield [sizes.of(p, date)[0] for p in papers]

    shorten = name != "all" and name not in sizes.catalog.archives
    window = feedwindow.choose(grouped(), head, max(shape.feed_max_entries, 0), shorten)
    entries = tuple((date, p) for date, papers in read[: window.days] for p in papers)
    keys = tuple(entry_key(p, date, window.abstract_limit, sizes.of(p, date)[1]) for date, p in entries)
    return FeedPlan(name, entries, window.abstract_limit, keys), (window.abstract_limit, keys)


def planned_bytes(catalog: Catalog, linker: urls.Linker, shape: Shape) -> dict[str, int]:
    """Feed name -> an upper bound of its bytes, before anything is built (what the site budget
    can count on; feeds hold a few days, not feed_days × every paper)."""
    days = catalog.dates[-shape.feed_days :] if shape.feed_days > 0 else []
    sizes, out = _Sizes(catalog, linker), {}
    for name in feed_names(catalog, shape.filter_feeds):
        plan, _ = plan_feed(name, feed_days(catalog, name, days, shape.filter_feeds), sizes, shape)
        body = sum(sizes.of(p, date)[0].at(plan.abstract_limit) for date, p in plan.entries)
        out[name] = _head_bytes(name, linker, shape) + body
    return out


def _head_bytes(name: str, linker: urls.Linker, shape: Shape) -> int:
    return feedwindow.HEAD_MARKUP + sum(map(feedwindow.xml_len, _head(name, linker, shape))) * 2


@dataclass
class _Shared:
    """What the feeds of one build share: the entry objects and the shelf of stored entries."""

    shelf: EntryShelf
    entries: dict = field(default_factory=dict)

    def release(self) -> None:
        """One callable for every feed: the writer calls it once the batch of feeds is written."""
        self.shelf.save()
        self.entries.clear()


def feed_outputs(
    catalog: Catalog,
    linker: urls.Linker,
    keys: Keyring,
    site_dir: Path | None = None,
) -> Iterator[Output]:
    """One output per feed, keyed by exactly its entries: a feed whose entries did not change is
    neither rebuilt nor rewritten when a day arrives or leaves the window. Entries earlier builds
    made in `site_dir` are reused (render/feedentries.py), and so are the sizes they measured
    (Catalog.feed_facts, which learns the new ones as the feeds are planned)."""
    shape = keys.shape
    days = catalog.dates[-shape.feed_days :] if shape.feed_days > 0 else []
    wanted: set[str] = set()  # filled while the feeds are planned, complete before any is built
    shared = _Shared(EntryShelf(site_dir, keys.code, wanted))
    release = shared.release  # one bound method: the writer calls each release it meets once per batch
    sizes = _Sizes(catalog, linker)
    for name in feed_names(catalog, shape.filter_feeds):
        plan, inputs = plan_feed(name, feed_days(catalog, name, days, shape.filter_feeds), sizes, shape)
        wanted.update(plan.keys)
        build = functools.partial(build_feed, plan, catalog, linker, shape, shared.entries, keys.epoch, shared.shelf)
        yield keys.output(urls.feed(name), f"feed {name}", inputs, build, release)
