"""Site search: Pagefind indexes built from the catalog (no HTML re-parsing), one per announcement day.

Each paper appearance (a paper as announced on a day whose papers have pages) is one custom record
in that day's shard: title, authors, ids, abstract, comment, with `category` and `day` filters; the
paper's FAQ text goes with one appearance only, the first announcement of the version it was
written for (see faq_day). So a day's shard depends on that day's file and FAQs alone, never on a
later day: a new day indexes its own shard and leaves every older one as it is. Records are grouped
into one Pagefind bundle per day (`site/pagefind/<date>/`); the reader's script loads the newest and
merges the others at query time (Pagefind's `mergeIndex`, which reuses the first bundle's wasm),
listed newest first in `site/pagefind/shards.json` with the number of papers of each category
filter (the menu's counts: merged, Pagefind's own count a paper once per shard it is in). Small
shards are also cheaper in all: Pagefind's time and memory grow faster than its number of records.

Shards are built by the pagefind CLI in background threads: PARALLEL while the pages render
(Pagefind is mostly one core's work, rendering leaves room), one per core once they are written;
the first ones' documents are written before the pages are gathered (start_index). Each is built
in a staging folder swapped in when whole, so a failed run never leaves half an index; the stamp (a dotfile, not published) is written after the
swaps and lists every file of every shard with its size, so a shard missing a file is rebuilt even
when its inputs did not change.
"""

from __future__ import annotations

import collections
import html
import json
import logging
import os
import shutil
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import nh3

from generator.content.atomic import write_bytes_if_changed
from generator.content.model import Faq, Paper
from generator.render import texstyle, urls
from generator.render.catalog import Catalog, paper_categories
from generator.render.keys import fingerprint
from generator.render.pagefind import (
    Record,
    build_shard,
    listing,
    pagefind_version,
    shard_complete,
    size_of,
    stage_documents,
)

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
"""Folder of the search shards inside site/ (static/app.js reads <root>/pagefind/shards.json)."""
SHARDS = "shards.json"
STAMP = ".digest-search"
"""Dotfile in site/ (not published): the build key and each shard's input digest."""
_CORES = os.cpu_count() or 1
PARALLEL = 1 if _CORES <= 2 else 2
"""Pagefind processes while the pages render: each is mostly one core's work and a day's shard
needs ≈ 280 MB; on two cores a second one would only take CPU from the render workers."""
PARALLEL_AFTER = max(PARALLEL, min(_CORES, 4))
"""Pagefind processes once the pages are written (the render workers have exited): the shards
left over are the build's critical path, so every core takes one (measured at 10k papers on two
cores: one process alone left a core idle for 17 s of a 31 s build)."""


@dataclass(frozen=True)
class SearchReport:
    pages: int
    files: int
    bytes: int
    skipped: bool = False
    shards_built: int = 0

    def summary(self) -> str:
        if self.skipped:
            return "search index unchanged"
        return (
            f"search index: {self.pages} records, {self.files} files, {self.bytes / 1e6:.2f} MB "
            f"({self.shards_built} shards rebuilt)"
        )


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
    faq = catalog.faqs.get(pid)
    # Versions announced on days the site left out count too (they come first, with no day): with
    # them gone, the FAQ would move into a newer shard each time the oldest day leaves the site.
    seen: list[tuple[str | None, int]] = [(None, v) for v in catalog.left_out_versions.get(pid, ())]
    seen += [(d, p.version) for d, p in catalog.appearances.get(pid, ())]
    if faq is None or not seen:
        return None
    older = [v for _, v in seen if v <= faq.version]
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


def _read_stamp(site_dir: Path) -> dict:
    try:
        data = json.loads((site_dir / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_current(site_dir: Path, build: str) -> bool:
    """The bundle was built for this build key and every shard it lists is whole on disk."""
    stamp = _read_stamp(Path(site_dir))
    files = stamp.get("files", {})
    bundle = Path(site_dir) / BUNDLE
    return (
        bool(build)
        and stamp.get("build") == build
        and (bundle / SHARDS).is_file() == bool(files)
        and all(shard_complete(bundle / name, files.get(name)) for name in stamp.get("shards", {}))
    )


def current_report(site_dir: Path) -> SearchReport:
    """The report of a bundle is_current found whole: its sizes from the stamp (no walk over 30k files)."""
    stamp = _read_stamp(Path(site_dir))
    size, count = _totals(stamp.get("files", {}), Path(site_dir) / BUNDLE)
    return SearchReport(sum(stamp.get("records", {}).values()), count, size, skipped=True)


def _totals(files: dict[str, dict[str, int]], bundle: Path) -> tuple[int, int]:
    """(bytes, files) of the bundle, from its shards' listings and shards.json."""
    size = sum(sum(f.values()) for f in files.values()) + max(size_of(bundle / SHARDS), 0)
    return size, sum(len(f) for f in files.values()) + (bundle / SHARDS).is_file()


def index_catalog(site_dir: Path, catalog: Catalog, page_days: int, build: str, code: str = "") -> SearchReport:
    """Bring site/pagefind up to date with the catalog: rebuild changed or damaged shards only."""
    return start_index(site_dir, catalog, page_days, build, code).finish()


def start_index(site_dir: Path, catalog: Catalog, page_days: int, build: str, code: str = "") -> SearchJob:
    """Start rebuilding the changed or damaged shards in the background; `finish()` the job."""
    site_dir = Path(site_dir)
    stamp = _read_stamp(site_dir)
    old, old_files = stamp.get("shards", {}), stamp.get("files", {})
    keys = shard_keys(catalog, page_days, code)
    bundle = site_dir / BUNDLE
    names = sorted(keys, reverse=True)
    # A shard whose inputs did not change is rebuilt only if a file of it is missing or torn: the
    # threads check that after the changed shards (30k stat calls at 20 days: not on the way of
    # the pages).
    unchanged = {n: old_files.get(n) for n in names if old.get(n) == keys[n]}
    (site_dir / STAMP).unlink(missing_ok=True)
    job = SearchJob(site_dir, build, keys, stamp, unchanged=unchanged, papers=category_papers(catalog, page_days))
    job.queue.extend([n for n in names if n not in unchanged] + list(unchanged))
    job.futures = {name: Future() for name in job.queue}
    window = set(window_of(catalog, page_days))
    # The first shards' documents are written here, before the pages are gathered: in a thread
    # they would take turns with that for the GIL and wait for it after each file (measured on a
    # new day at 30k papers: 3.0 s instead of 0.26, so Pagefind started after the gathering, not
    # on the core it leaves idle).
    try:
        for name in [n for n in job.queue if n not in unchanged][:PARALLEL]:
            records = day_records(catalog, name, window)
            job.staged[name] = (len(records), stage_documents(records))
    except BaseException:
        job.cancel()  # no thread started yet: removes what was staged
        raise
    for n in range(min(PARALLEL_AFTER, len(names))):
        gate = None if n < PARALLEL else job.wide
        # Daemon threads: a render that dies without cancel() must not hang at exit on a gate.
        args = (gate, bundle, catalog, window)
        thread = threading.Thread(target=job.work, args=args, name=f"pagefind-{n}", daemon=True)
        thread.start()
        job.threads.append(thread)
    return job


@dataclass
class SearchJob:
    """Shards being rebuilt in background threads (each waits on its own pagefind process)."""

    site_dir: Path
    build: str
    keys: dict[str, str]
    """Shard name -> input digest, for every shard the index is to have."""
    old: dict
    """The stamp before this run (files and record counts of the shards left alone)."""
    unchanged: dict[str, dict | None] = field(default_factory=dict)
    """Shards whose inputs did not change -> their files in the stamp: built only if one is missing
    or torn."""
    futures: dict[str, Future] = field(default_factory=dict)
    queue: collections.deque = field(default_factory=collections.deque)
    """Shards not started yet: the changed ones newest first (the newest day is the one readers
    search first), then the unchanged ones to check."""
    wide: threading.Event = field(default_factory=threading.Event)
    """Set once the pages are written: the threads past PARALLEL start then."""
    threads: list[threading.Thread] = field(default_factory=list)
    papers: dict[str, int] = field(default_factory=dict)
    """Category -> papers indexed with it (category_papers), for shards.json."""
    staged: dict[str, tuple[int, Path]] = field(default_factory=dict)
    """Shards whose documents start_index wrote -> (records, their folder); taken by the threads."""

    def work(self, gate: threading.Event | None, bundle: Path, catalog: Catalog, window: set[str]) -> None:
        """One pagefind thread: after `gate` (if any), build shards from the queue until it is empty."""
        if gate is not None:
            gate.wait()
        while True:
            try:
                name = self.queue.popleft()  # deque.popleft is atomic: no two threads get one shard
            except IndexError:
                return
            future = self.futures[name]
            if not future.set_running_or_notify_cancel():
                continue
            try:
                whole = name in self.unchanged and shard_complete(bundle / name, self.unchanged[name])
                future.set_result(None if whole else self._build(bundle, name, catalog, window))
            except BaseException as err:  # noqa: BLE001 - handed to finish(), which re-raises it
                future.set_exception(err)

    def _build(self, bundle: Path, name: str, catalog: Catalog, window: set[str]) -> tuple[int, dict[str, int]]:
        """One day's shard: its records' documents (unless staged), then pagefind; (records, the
        shard's file listing)."""
        staged = self.staged.pop(name, None)
        if staged is None:
            records = day_records(catalog, name, window)
            staged = (len(records), stage_documents(records))
        count, documents = staged
        build_shard(bundle, name, documents)
        return count, listing(bundle / name)

    def cancel(self) -> None:
        """Drop the shards not started yet and wait for the running ones (the render failed)."""
        for future in self.futures.values():
            future.cancel()
        self.wide.set()
        for thread in self.threads:
            thread.join()
        for _, documents in self.staged.values():
            shutil.rmtree(documents, ignore_errors=True)
        self.staged.clear()

    def finish(self) -> SearchReport:
        """Wait for every shard, swap out the stale ones, write shards.json and the stamp. A failed
        shard fails the render after the others are in: their digests are stamped (under no build
        key), so the next run rebuilds only the failed one."""
        self.wide.set()  # the pages are written: the remaining shards may use every core
        built, kept, error = self._wait()
        bundle = self.site_dir / BUNDLE
        done = {n: k for n, k in self.keys.items() if n in built or n in kept}
        _remove_stale(bundle, set(self.keys))
        # Newest first; a shard that failed on its first build has no folder, so it is not listed.
        order = [n for n in sorted(self.keys, reverse=True) if (bundle / n).is_dir()]
        if order:
            listed = {"version": 1, "shards": order, "papers": {"category": self.papers}}
            write_bytes_if_changed(bundle / SHARDS, json.dumps(listed).encode())
        old_files, old_counts = self.old.get("files", {}), self.old.get("records", {})
        files = {n: built[n][1] if n in built else old_files.get(n) or listing(bundle / n) for n in done}
        counts = {n: built[n][0] if n in built else old_counts.get(n, 0) for n in done}
        stamp = {"build": self.build if error is None else "", "shards": done, "files": files, "records": counts}
        write_bytes_if_changed(self.site_dir / STAMP, json.dumps(stamp, sort_keys=True).encode())
        if error is not None:
            raise error
        # Sizes from the listings (just made or checked by shard_complete): no walk over the bundle.
        size, count = _totals(files, bundle)
        report = SearchReport(sum(counts.values()), count, size, shards_built=len(built))
        log.info(report.summary())
        return report

    def _wait(self) -> tuple[dict[str, tuple[int, dict[str, int]]], set[str], BaseException | None]:
        """(shards built, shards checked whole and kept, the first error)."""
        built: dict[str, tuple[int, dict[str, int]]] = {}
        kept: set[str] = set()
        error = None
        for name, future in self.futures.items():
            try:
                result = future.result()
                if result is not None:
                    built[name] = result
                else:
                    kept.add(name)
            except BaseException as err:  # noqa: BLE001 - re-raised by finish once the others are in
                error = error or err
        for thread in self.threads:
            thread.join()
        return built, kept, error


def _remove_stale(bundle: Path, keep: set[str]) -> None:
    if not keep:
        shutil.rmtree(bundle, ignore_errors=True)  # no paper pages (empty content): nothing to search
        return
    for child in bundle.iterdir() if bundle.is_dir() else ():
        if child.is_dir() and child.name not in keep:
            shutil.rmtree(child)
