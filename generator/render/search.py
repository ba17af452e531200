"""Site search: Pagefind indexes built from the catalog (no HTML re-parsing), one per announcement day.

Each paper appearance (a paper as announced on a day whose papers have pages) is one custom record
in that day's shard: title, authors, ids, abstract, comment, with `category` and `day` filters; the
paper's FAQ text goes with one appearance only, the first announcement of the version it was
written for (see searchrecords.faq_day). So a day's shard depends on that day's file and FAQs alone, never on a
later day: a new day indexes its own shard and leaves every older one as it is. Records are grouped
into one Pagefind bundle per day (`site/pagefind/<date>/`); the reader's script loads the newest and
merges the others at query time (Pagefind's `mergeIndex`, which reuses the first bundle's wasm),
listed newest first in `site/pagefind/shards.json` with the number of papers of each category
filter (the menu's counts: merged, Pagefind's own count a paper once per shard it is in). Small
shards are also cheaper in all: Pagefind's time and memory grow faster than its number of records.

Shards are built by the pagefind CLI in background threads: PARALLEL while the pages render
(Pagefind is mostly one core's work, rendering leaves room), one per core once they are written;
the first ones' documents are written by a forked process while the pages are gathered (start_index). Each is built
in a staging folder swapped in when whole, so a failed run never leaves half an index; the stamp (a dotfile, not published) is written after the
swaps and lists every file of every shard with its size, so a shard missing a file is rebuilt even
when its inputs did not change.
"""

from __future__ import annotations

import collections
import contextlib
import json
import logging
import multiprocessing
import os
import shutil
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.atomic import write_bytes_if_changed
from generator.errors import RenderError
from generator.render.catalog import Catalog
from generator.render.pagefind import (
    build_shard,
    listing,
    scratch_folder,
    shard_complete,
    size_of,
    stage_documents,
)
from generator.render.searchrecords import category_papers, day_records, shard_keys, window_of

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
    # The first shards' documents are written by forked processes, while this one gathers the
    # pages: in a thread they would take turns with that for the GIL and wait for it after each file
    # (measured on a new day at 30k papers: 3.0 s instead of 0.26, so Pagefind started after the
    # gathering, not on the core it leaves idle), and written here they held up the gathering
    # (0.5 s of a new day's serial start on two slow cores).
    try:
        for name in [n for n in job.queue if n not in unchanged][:PARALLEL]:
            job.staged[name] = Staging.start(catalog, name, window)
    except BaseException:
        job.cancel()  # no thread started yet: waits for the staging processes, removes what they wrote
        raise
    for n in range(min(PARALLEL_AFTER, len(names))):
        gate = None if n < PARALLEL else job.wide
        # Daemon threads: a render that dies without cancel() must not hang at exit on a gate.
        args = (gate, bundle, catalog, window)
        thread = threading.Thread(target=job.work, args=args, name=f"pagefind-{n}", daemon=True)
        thread.start()
        job.threads.append(thread)
    return job


def _stage(catalog: Catalog, name: str, window: set[str], folder: Path | None = None) -> tuple[int, Path]:
    records = day_records(catalog, name, window)
    return len(records), stage_documents(records, folder)


@dataclass
class Staging:
    """A shard's documents, being written by a forked copy of this process (its catalog for free)
    or already written (where fork is missing)."""

    done: tuple[int, Path] | None = None
    process: Any = None
    pipe: Any = None
    folder: Path | None = None
    """The child's scratch folder, made here: a child killed before it answers (SIGKILL, the OOM
    killer) cannot remove it, so the parent does."""

    @classmethod
    def start(cls, catalog: Catalog, name: str, window: set[str]) -> Staging:
        if "fork" not in multiprocessing.get_all_start_methods():
            return cls(done=_stage(catalog, name, window))
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        folder = scratch_folder()
        process = context.Process(target=_stage_child, args=(writer, catalog, name, window, folder), daemon=True)
        process.start()
        writer.close()
        return cls(process=process, pipe=reader, folder=folder)

    def result(self) -> tuple[int, Path]:
        """(records, documents folder) once written; the child's error as a RenderError."""
        if self.done is None:
            try:
                answer = self.pipe.recv()
            except EOFError:  # the child died (killed, out of memory) before it could answer
                answer = None
            finally:
                self.pipe.close()
                self.process.join()
            count, folder, error = answer or (0, "", f"exited with code {self.process.exitcode}")
            if error:
                if self.folder is not None:
                    shutil.rmtree(self.folder, ignore_errors=True)
                raise RenderError(f"writing the search documents: {error}")
            self.done = (count, Path(folder))
        return self.done

    def discard(self) -> None:
        """Wait for the documents and remove them (the render failed)."""
        # Whatever went wrong here, the render's own error is the one to report.
        with contextlib.suppress(Exception):
            shutil.rmtree(self.result()[1], ignore_errors=True)


def _stage_child(pipe: Any, catalog: Catalog, name: str, window: set[str], folder: Path) -> None:
    try:
        count, folder = _stage(catalog, name, window, folder)
        pipe.send((count, str(folder), ""))
    except BaseException as err:  # noqa: BLE001 - sent to the parent, which fails the render with it
        pipe.send((0, "", f"{type(err).__name__}: {err}"))
    finally:
        pipe.close()


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
    staged: dict[str, Staging] = field(default_factory=dict)
    """Shards whose documents start_index is having written; taken by the threads."""

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
        count, documents = staged.result() if staged is not None else _stage(catalog, name, window)
        build_shard(bundle, name, documents)
        return count, listing(bundle / name)

    def cancel(self) -> None:
        """Drop the shards not started yet and wait for the running ones (the render failed)."""
        for future in self.futures.values():
            future.cancel()
        self.wide.set()
        for thread in self.threads:
            thread.join()
        for staged in self.staged.values():
            staged.discard()
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
