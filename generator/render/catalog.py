"""Reads content/ once and indexes it for rendering: days, listings per category and archive, papers.

Everything downstream (pages, feeds) is a pure function of this catalog plus settings.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from generator.config import Settings
from generator.content import taxonomy
from generator.content.model import TYPE_ORDER, Day, Faq, Paper, id_sort_key
from generator.content.runlog import RunRecord
from generator.content.store import ContentStore
from generator.render import urls
from generator.render.contentmemo import ContentMemo
from generator.render.faqshelf import FaqShelf, file_digest
from generator.render.feedtext import EntryFacts

RECENT_RUNS = 50
"""Run-log records kept in the catalog (the status page shows the last 20)."""
Row = tuple[str, Paper]
"""(announce type as seen from one listing, paper)."""


def listing_type(paper: Paper, own: bool) -> str:
    """A paper's type on one listing: own primary -> new/replace, else cross/replace-cross."""
    if paper.is_replacement:
        return "replace" if own else "replace-cross"
    return "new" if own else "cross"


def type_rank(row: Row) -> int:
    """Rows are read in arXiv's order: by type (new, cross, replace, replace-cross), then by id. Made
    from papers in id order (in_id_order), a stable sort by type alone gives it, with one
    id_sort_key per paper of a day instead of one per row of it (a paper sits in several rows)."""
    return TYPE_ORDER[row[0]]


def in_id_order(papers: Sequence[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: id_sort_key(p.id))


@dataclass
class Catalog:
    dates: list[str]
    """Announcement dates, oldest first."""
    days: dict[str, Day]
    listings: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    """Category or archive code -> date -> rows, in arXiv's reading order."""
    archives: set[str] = field(default_factory=set)
    """Codes in listings that are archives (cs), not categories (cs.AI)."""
    appearances: dict[str, list[tuple[str, Paper]]] = field(default_factory=dict)
    """Paper id -> (date, paper as announced that day), oldest first."""
    page_ids: set[str] = field(default_factory=set)
    """Papers that get their own page (announced within the last paper_page_days days)."""
    linked: set[int] = field(default_factory=set)
    """id() of each Paper object announced on a page day: the entries that link to the paper's
    page (see has_page)."""
    faqs: Mapping[str, Faq] = field(default_factory=dict)
    """Paper id -> FAQ, for the papers with pages (read_faqs: a FaqShelf, parsed when asked for)."""
    faq_sizes: dict[str, int] = field(default_factory=dict)
    """Paper id -> bytes of its FAQ file, for the papers with pages (the budget's plan sizes FAQs
    by it, before any FAQ is parsed)."""
    faq_digests: dict[str, str] = field(default_factory=dict)
    """Paper id -> digest of its FAQ file's bytes: what keys the outputs that show the FAQ (a
    repr of the FAQ, kilobytes of text, cost 0.6 s a build at 30k papers)."""
    faq_versions: dict[str, int] = field(default_factory=dict)
    """Paper id -> the version its FAQ was written for (see faq_version)."""
    left_out_versions: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Paper id -> versions announced on days the budget left out of the site (retention.restrict,
    and load_catalog for the days it did not parse)."""
    unread: list[str] = field(default_factory=list)
    """Days of content older than every day in `dates`, left unparsed because the budget leaves
    them out of the site anyway (load_catalog's `enough`), oldest first."""
    runs: list[RunRecord] = field(default_factory=list)
    """The most recent records of the run log, oldest first (the status page shows them)."""
    day_digests: dict[str, str] = field(default_factory=dict)
    """Date -> digest of its day file's bytes: equal digests, equal Day (pages are keyed by it)."""
    feed_facts: EntryFacts = field(default_factory=EntryFacts)
    """The measures of the feed entries of each day (render/feedtext.py): what earlier builds took,
    from the content memo (the render stage fills it in), and what feed planning adds."""
    day_page_counts: dict[str, list] = field(default_factory=dict)
    """Date -> [listing page size, digest of the archive codes, pages of days/<date>/]: what earlier
    builds counted, from the content memo (render/dayfacts.py), and what this build counts
    (PageContext.day_page_count)."""

    @property
    def latest(self) -> str | None:
        return self.dates[-1] if self.dates else None

    def has_page(self, paper: Paper) -> bool:
        """Whether this entry (a paper as announced on one day) links to the paper's page: only
        entries of page days do. An entry of an older day links to arXiv even when a later
        replacement gave the paper a page, so that page's coming and going leaves the older day's
        pages as they are (a new day re-renders its own pages, not every day's listings)."""
        return id(paper) in self.linked

    def faq_version(self, arxiv_id: str) -> int | None:
        """The version the paper's FAQ was written for (None: no FAQ), without parsing it when
        read_faqs learnt it from the content memo."""
        if arxiv_id not in self.faqs:
            return None
        found = self.faq_versions.get(arxiv_id)
        return found if found is not None else self.faqs[arxiv_id].version

    def latest_paper(self, arxiv_id: str) -> Paper:
        return self.appearances[arxiv_id][-1][1]

    def latest_version(self, arxiv_id: str) -> int:
        return max(p.version for _, p in self.appearances[arxiv_id])

    def codes(self) -> list[str]:
        """Every category and archive with at least one listing page, sorted."""
        return sorted(self.listings)

    def dates_of(self, code: str) -> list[str]:
        return sorted(self.listings.get(code, {}))


def covered_categories(day: Day) -> set[str]:
    """Canonical categories the day was fetched for (an archive code stands for all its members)."""
    tax = taxonomy.load()
    return {tax.canonical(c) for c in tax.expand([tax.canonical(c) for c in day.categories])}


def paper_categories(paper: Paper) -> list[str]:
    """Canonical categories of a paper, deduplicated (math.IT and cs.IT are one), primary first."""
    return list(_canonical_categories(tuple(paper.categories)))


@cache
def _canonical_categories(codes: tuple[str, ...]) -> tuple[str, ...]:
    """Asked 165,000 times a build at 30k papers, for a few thousand distinct category lists."""
    tax = taxonomy.load()
    out: list[str] = []
    for code in codes:
        canon = tax.canonical(code)
        if canon not in out:
            out.append(canon)
    return tuple(out)


@cache
def category_archives(cat: str) -> list[str]:
    """Archives that list a canonical category: its own, and the archive of each alias name
    (eess.SY is also cs.SY, so arXiv's /list/cs/new lists it; math.NA is also cs.NA)."""
    tax = taxonomy.load()
    out = [tax.archive_of(cat)]
    for alias, canon in tax.aliases.items():
        prefix = alias.split(".", 1)[0]
        if canon == cat and prefix in tax.archives and prefix not in out:
            out.append(prefix)
    return out


def _own_archives(paper: Paper) -> set[str]:
    """Archives where a paper is `new`/`replace`: its primary code's archive, as written and canonical."""
    tax = taxonomy.load()
    code = paper.primary_category
    return {tax.archive_of(code), code.split(".", 1)[0]}


_path_safe = cache(urls.path_safe)
"""Asked for every category of every paper; there are a few hundred codes."""


def _index_day(catalog: Catalog, day: Day) -> None:
    covered = covered_categories(day)
    for paper in in_id_order(day.papers):  # listing rows in id order: load_catalog sorts them by type
        catalog.appearances.setdefault(paper.id, []).append((day.date, paper))
        cats = paper_categories(paper)
        primary = cats[0]
        archives_done: set[str] = set()
        for cat in cats:
            if cat not in covered or not _path_safe(cat):
                continue
            catalog.listings.setdefault(cat, {}).setdefault(day.date, []).append(
                (listing_type(paper, cat == primary), paper)
            )
            # A bare archive (hep-th) is its own category: its category page is the archive page.
            for archive in category_archives(cat):
                if archive in archives_done or archive == cat or not _path_safe(archive):
                    continue
                archives_done.add(archive)
                catalog.archives.add(archive)
                own = archive in _own_archives(paper)
                row = (listing_type(paper, own), paper)
                catalog.listings.setdefault(archive, {}).setdefault(day.date, []).append(row)


def content_key(settings: Settings, store: ContentStore | None = None, memo: ContentMemo | None = None) -> str:
    """Digest of every content file the catalog is built from (names and bytes, never mtimes: a
    fresh CI checkout resets them). Equal keys mean an equal catalog. With a memo, the files whose
    stat did not change since it was saved are not read again (render/contentmemo.py)."""
    store = store or ContentStore(settings.content_dir)
    faqs = store.root / "faqs"
    paths = [store.day_path(d) for d in store.dates()]
    paths += sorted(faqs.glob("*.json")) if faqs.is_dir() else []
    runs = store.root / "runs"
    paths += sorted(runs.glob("*.jsonl")) if runs.is_dir() else []  # the status page shows the log
    return (memo or ContentMemo()).key(store.root, paths)


Enough = Callable[["Catalog", str], bool]
"""Asked after each day is read, newest first: whether the older days can stay unread (the budget
leaves them out of the site whatever they hold; see retention.Horizon)."""


def load_catalog(
    settings: Settings,
    store: ContentStore | None = None,
    *,
    faqs: bool = True,
    enough: Enough | None = None,
    memo: ContentMemo | None = None,
) -> Catalog:
    """Every day of content, and the FAQs of the papers with pages; with faqs=False only the FAQ
    files' sizes (what the budget's plan needs): read_faqs then shelves those of the days the plan
    kept pages for (at 60 days of all arXiv, 3,200 FAQs instead of 27,800; see FaqShelf). Days are read newest
    first; once `enough` says so, the older ones are not parsed into papers (Catalog.unread)."""
    store = store or ContentStore(settings.content_dir)
    days: dict[str, Day] = {}
    digests: dict[str, str] = {}
    catalog = Catalog(dates=[], days=days, day_digests=digests)
    stored = store.dates()
    for n, date in enumerate(reversed(stored)):
        found = store.read_day_bytes(date)
        if found is None:
            continue
        days[date] = found[0]
        digests[date] = hashlib.blake2b(found[1], digest_size=16).hexdigest()
        _index_day(catalog, found[0])
        if enough is not None and enough(catalog, date):
            _note_unread(catalog, store, stored[: len(stored) - n - 1])
            break
    catalog.dates = sorted(days)
    for seen in catalog.appearances.values():
        seen.reverse()  # indexed newest first: oldest first, as documented
    for code, by_date in catalog.listings.items():
        catalog.listings[code] = dict(sorted(by_date.items()))
        for rows in by_date.values():
            rows.sort(key=type_rank)
    give_pages(catalog, settings.paper_page_days)
    catalog.runs = store.recent_runs(RECENT_RUNS)
    catalog.faq_sizes = store.faq_sizes(catalog.page_ids)
    if faqs:
        read_faqs(catalog, store, memo)
    return catalog


def _note_unread(catalog: Catalog, store: ContentStore, dates: list[str]) -> None:
    """The days older than those read: their dates, and the versions they announced of the papers
    read (what searchrecords.faq_day asks of days the site left out), from a plain JSON parse."""
    for date in dates:
        found = store.day_versions(date)
        if found is None:
            continue
        catalog.unread.append(date)
        for pid, version in found:
            if pid in catalog.appearances:
                catalog.left_out_versions[pid] = (*catalog.left_out_versions.get(pid, ()), version)


FAQ_VERSION = "version"
"""The content memo's fact about a FAQ file: the version of the paper it was written for."""


def read_faqs(catalog: Catalog, store: ContentStore, memo: ContentMemo | None = None) -> None:
    """The FAQs of the papers that have a page (catalog.page_ids) and a FAQ file (the listing of
    faqs/ load_catalog made for faq_sizes: half the papers have none, and trying to open each of
    those took 0.2 s at 30k papers), as a FaqShelf. A file the content memo (the one that made the
    content key) knows unchanged since a build parsed it is not parsed here: its digest and version
    come from the memo. The others are parsed now, and the memo learns their versions."""
    digests: dict[str, str] = {}
    parsed: dict[str, Faq] = {}
    for pid in sorted(i for i in catalog.page_ids if i in catalog.faq_sizes):
        name = store.faq_name(pid)
        fact = memo.fact(name) if memo is not None else None
        version = fact.get(FAQ_VERSION) if isinstance(fact, dict) else None
        digest = memo.digest(name) if memo is not None else None
        if type(version) is int and digest is not None:
            digests[pid], catalog.faq_versions[pid] = digest, version
            continue
        found = store.read_faq_bytes(pid)
        if found is None:
            continue  # no file after all, or unreadable (logged and recorded by the store)
        faq, raw = found
        digest = digests[pid] = file_digest(raw)
        parsed[pid], catalog.faq_versions[pid] = faq, faq.version
        if memo is not None:
            memo.learn(name, digest, {FAQ_VERSION: faq.version})
    catalog.faqs = FaqShelf(store, digests, parsed)
    catalog.faq_digests = dict(digests)


def give_pages(catalog: Catalog, page_days: int) -> None:
    """Pages for the papers announced on the newest `page_days` days; only those days' entries
    link to them (Catalog.has_page)."""
    window = catalog.dates[-page_days:] if page_days > 0 else []
    catalog.linked = {id(p) for d in window for p in catalog.days[d].papers}
    catalog.page_ids = {p.id for d in window for p in catalog.days[d].papers}


def page_count(settings: Settings, store: ContentStore | None = None) -> int:
    """len(load_catalog(settings).page_ids), from the ids of the window's days alone (a guard's count,
    without parsing every paper and FAQ)."""
    store = store or ContentStore(settings.content_dir)
    ids: set[str] = set()
    days = 0
    for date in reversed(store.dates()):
        if days >= settings.paper_page_days:
            break
        found = store.day_ids(date)
        if found is not None:
            ids.update(found)
            days += 1
    return len(ids)


def day_counts(rows: Sequence[Row]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for kind, _ in rows:
        counts[kind] += 1
    return {k: counts.get(k, 0) for k in TYPE_ORDER}
