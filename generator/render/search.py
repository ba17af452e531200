"""Site search: Pagefind indexes built from the catalog (no HTML re-parsing), one per ISO week.

Each paper appearance (a paper as announced on a day whose papers have pages) is one custom record:
title, authors, ids, abstract, comment and, on the paper's newest appearance, the FAQ text,
with `category` and `day` filters. Records are grouped into one Pagefind bundle per ISO week of the
announcement day (`site/pagefind/<week>/`); the reader's script loads the newest and merges the
others at query time (Pagefind's `mergeIndex`), listed newest first in `site/pagefind/shards.json`.

A shard is rebuilt only when its records change, so a new day indexes its own week, not the site;
a shard is built in a staging folder and swapped in, so a failed run never leaves half an index;
the stamp (a dotfile, not published) is written after the swaps and lists every file of every
shard with its size, so a shard missing a file is rebuilt even when its records did not change.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from generator.content.atomic import write_bytes_if_changed
from generator.content.model import Faq, Paper
from generator.errors import RenderError
from generator.faq.markdown import sanitise
from generator.render import urls
from generator.render.catalog import Catalog, paper_categories
from generator.render.keys import fingerprint

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
"""Folder of the search shards inside site/ (static/app.js reads <root>/pagefind/shards.json)."""
SHARDS = "shards.json"
STAMP = ".digest-search"
"""Dotfile in site/ (not published): the build key and each shard's record digest."""
PAGEFIND_ENV = "DIGEST_PAGEFIND"
"""Environment variable: path of a pagefind binary to use instead of the one in pagefind-bin."""
# Pagefind's ready-made UIs: static/app.js talks to pagefind.js directly, so these are not published.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class Record:
    url: str
    content: str
    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]


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
    """The ISO week of an announcement day, "2026-W26": at most five announcement days a shard."""
    year, week, _ = dt.date.fromisoformat(date).isocalendar()
    return f"{year}-W{week:02d}"


def _faq_text(faq: Faq) -> str:
    """The FAQ as readers see it on the page: the text of its (sanitised) HTML."""
    if not faq.html.strip():
        return ""
    return lxml.html.fragment_fromstring(sanitise(faq.html), create_parent="div").text_content()


def _record(catalog: Catalog, days: list[str], paper: Paper) -> Record:
    """The record of a paper as last announced in one shard; `days` are its days in that shard."""
    # The FAQ goes with the paper's newest announcement, as on its page (stale or not).
    faq = catalog.faqs.get(paper.id) if catalog.appearances[paper.id][-1][0] == days[-1] else None
    parts = [
        paper.title,
        ", ".join(a.name for a in paper.authors),
        f"arXiv:{paper.id} {paper.id} {paper.versioned_id}",
        paper.abstract,
        paper.comment or "",
        paper.journal_ref or "",
        _faq_text(faq) if faq is not None else "",
    ]
    cats = tuple(c for c in paper_categories(paper) if c in catalog.listings)
    meta = (("title", paper.title), ("authors", ", ".join(a.name for a in paper.authors[:8])), ("day", days[-1]))
    content = "\n\n".join(p for p in parts if p)
    return Record("/" + urls.paper(paper.id), content, meta, (("category", cats), ("day", tuple(days))))


def shard_records(catalog: Catalog, page_days: int) -> dict[str, list[Record]]:
    """Records of the papers announced on the days whose papers have pages, grouped by shard: one
    record per paper and shard (its last appearance there), so a week's shard never changes
    because of a later week. A paper announced in two weeks is in both; the reader's script shows
    it once."""
    dates = catalog.dates[-page_days:] if page_days > 0 else []
    seen: dict[str, dict[str, tuple[list[str], Paper]]] = {}
    for date in dates:
        shard = seen.setdefault(shard_of(date), {})
        for paper in catalog.days[date].papers:
            if paper.id in catalog.page_ids:
                shard[paper.id] = ([*shard.get(paper.id, ([], paper))[0], date], paper)
    return {name: [_record(catalog, days, p) for days, p in by_id.values()] for name, by_id in seen.items()}


def pagefind_executable() -> Path:
    override = os.environ.get(PAGEFIND_ENV)
    if override:
        return Path(override)
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise RenderError("pagefind is not installed: pip install 'pagefind[bin]'") from None
    try:
        return Path(get_executable())
    except FileNotFoundError as err:
        raise RenderError(f"the pagefind binary is missing from pagefind-bin: {err}") from None


def _read_stamp(site_dir: Path) -> dict:
    try:
        data = json.loads((site_dir / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def shard_complete(folder: Path, files: dict[str, int] | None = None) -> bool:
    """Every file the shard had when it was built, at its size (`files`, from the stamp); without
    a list, the files a reader's browser asks for first: entry, scripts and each language's meta."""
    if files is not None:
        return bool(files) and all(_size(folder / rel) == size for rel, size in files.items())
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    languages = entry.get("languages", {}) if isinstance(entry, dict) else {}
    needed = ["pagefind.js", "pagefind-worker.js"]
    needed += [f"pagefind.{lang['hash']}.pf_meta" for lang in languages.values() if "hash" in lang]
    needed += [f"wasm.{code}.pagefind" for code in languages if code != "unknown"]
    return bool(languages) and all((folder / name).is_file() for name in needed)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()}


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


def bundle_size(bundle: Path) -> tuple[int, int]:
    """(bytes, files) of a search bundle."""
    files = [p for p in bundle.rglob("*") if p.is_file()] if bundle.is_dir() else []
    return sum(p.stat().st_size for p in files), len(files)


def current_report(site_dir: Path) -> SearchReport:
    size, count = bundle_size(Path(site_dir) / BUNDLE)
    records = sum(_read_stamp(Path(site_dir)).get("records", {}).values())
    return SearchReport(records, count, size, skipped=True)


def index_catalog(site_dir: Path, catalog: Catalog, page_days: int, build: str) -> SearchReport:
    """Bring site/pagefind up to date with the catalog: rebuild changed or damaged shards only."""
    site_dir = Path(site_dir)
    bundle = site_dir / BUNDLE
    stamp_before = _read_stamp(site_dir)
    old, old_files = stamp_before.get("shards", {}), stamp_before.get("files", {})
    shards = shard_records(catalog, page_days)
    digests = {name: fingerprint(records) for name, records in shards.items()}
    todo = [n for n in sorted(shards) if old.get(n) != digests[n] or not shard_complete(bundle / n, old_files.get(n))]
    (site_dir / STAMP).unlink(missing_ok=True)
    for name in todo:
        _build_shard(bundle, name, shards[name])
    _remove_stale(bundle, set(shards))
    order = sorted(shards, reverse=True)
    if order:
        write_bytes_if_changed(bundle / SHARDS, json.dumps({"version": 1, "shards": order}).encode())
    # Shards left alone keep their recorded listing: only rebuilt ones are walked again.
    files = {n: old_files.get(n) if n not in todo and n in old_files else _listing(bundle / n) for n in shards}
    stamp = {"build": build, "shards": digests, "files": files, "records": {n: len(r) for n, r in shards.items()}}
    write_bytes_if_changed(site_dir / STAMP, json.dumps(stamp, sort_keys=True).encode())
    size, count = bundle_size(bundle)
    report = SearchReport(sum(len(r) for r in shards.values()), count, size, shards_built=len(todo))
    log.info(report.summary())
    return report


def _remove_stale(bundle: Path, keep: set[str]) -> None:
    if not keep:
        shutil.rmtree(bundle, ignore_errors=True)  # no paper pages (empty content): nothing to search
        return
    for child in bundle.iterdir() if bundle.is_dir() else ():
        if child.is_dir() and child.name not in keep:
            shutil.rmtree(child)


def _build_shard(bundle: Path, name: str, records: list[Record]) -> None:
    staging = bundle / f".{name}.new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="digest-search-") as tmp:
        _write_documents(Path(tmp), records)
        _run_pagefind(Path(tmp), staging, name)
    if not shard_complete(staging):
        shutil.rmtree(staging, ignore_errors=True)
        raise RenderError(f"pagefind wrote an incomplete index for shard {name}")
    for unused in _UNUSED:
        (staging / unused).unlink(missing_ok=True)
    target = bundle / name
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def _write_documents(root: Path, records: list[Record]) -> None:
    """One small document per record, made from the catalog (not the published pages): Pagefind's
    Python API answers one record per 0.1 s poll, its CLI indexes thousands of these a second."""
    for record in records:
        folder = root / record.url.strip("/")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(_document(record), "utf-8")


def _document(record: Record) -> str:
    meta = "".join(f'<meta data-pagefind-meta="{k}[content]" content="{html.escape(v)}">' for k, v in record.meta)
    filters = "".join(
        f'<span data-pagefind-filter="{k}">{html.escape(v)}</span>' for k, values in record.filters for v in values
    )
    body = html.escape(record.content).replace("\n\n", "</p><p>")
    return f'<!doctype html><html lang="en"><head>{meta}</head><body><main data-pagefind-body><p>{body}</p><div hidden>{filters}</div></main></body></html>\n'


def _run_pagefind(site: Path, staging: Path, name: str) -> None:
    cmd = [str(pagefind_executable()), "--site", str(site), "--output-path", str(staging.resolve()), "--quiet"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise RenderError(f"pagefind could not run: {err}") from None
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RenderError(f"pagefind failed on shard {name} (exit {proc.returncode}): {' | '.join(tail)}")
