"""Site search: run Pagefind (the binary ships in the pagefind-bin wheel, so it works offline) over site/.

Only paper pages carry `data-pagefind-body`, so the index holds each paper once: title, authors,
abstract and FAQ, with `category` and `day` filters (see templates/paper.html). The bundle is built
into a temporary folder and swapped in, so a failed run never leaves a half-written index.

Pagefind's fragments and word index are byte-stable between runs, but its filter and meta files
are not (values in hash-map order, Pagefind/pagefind#638), so the index is rebuilt only when the
indexed pages change (STAMP below): an unchanged day never churns the published bundle.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.content.atomic import write_bytes_if_changed
from generator.errors import RenderError

log = logging.getLogger(__name__)

BUNDLE = "pagefind"
"""Folder of the search bundle inside site/ (static/app.js imports <root>/pagefind/pagefind.js)."""
PAGES_GLOB = "arxiv/*/index.html"
"""Only paper pages are indexed (listings repeat them; FAQ fragments are not whole pages)."""
_STAGING = ".pagefind-new"
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
_TIMEOUT_S = 600
STAMP = ".digest-search"
"""Dotfile in site/ (not published) holding the state of the pages the current bundle was built
from; written only after a successful swap, so a failed or killed run is retried next time."""
PAGEFIND_ENV = "DIGEST_PAGEFIND"
"""Environment variable: path of a pagefind binary to use instead of the one in pagefind-bin."""


@dataclass(frozen=True)
class SearchReport:
    pages: int
    files: int
    bytes: int
    skipped: bool = False

    def summary(self) -> str:
        if self.skipped:
            return "search index unchanged"
        return f"search index: {self.pages} pages, {self.files} files, {self.bytes / 1e6:.2f} MB"


def pagefind_executable() -> Path:
    override = os.environ.get(PAGEFIND_ENV)
    if override:
        return Path(override)
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise RenderError("pagefind is not installed: pip install 'pagefind[bin]'") from None
    try:
        return get_executable()
    except FileNotFoundError as err:
        raise RenderError(f"the pagefind binary is missing from pagefind-bin: {err}") from None


def bundle_size(bundle: Path) -> tuple[int, int]:
    """(bytes, files) of a search bundle."""
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _page_count(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())


def index_site(site_dir: Path, *, state: str = "") -> SearchReport:
    """Build site_dir/pagefind from the HTML in site_dir. `state` identifies the indexed pages (a
    digest of their bytes): skipped when the bundle exists and was built from the same state."""
    site_dir = Path(site_dir)
    bundle = site_dir / BUNDLE
    stamp = site_dir / STAMP
    if state and _read(stamp) == _stamp(state, bundle):
        size, count = bundle_size(bundle)
        return SearchReport(_page_count(bundle), count, size, skipped=True)
    stamp.unlink(missing_ok=True)
    report = _build(site_dir, bundle)
    if state:
        write_bytes_if_changed(stamp, _stamp(state, bundle).encode())
    return report


def _stamp(state: str, bundle: Path) -> str:
    """The state plus every bundle file and its size: a bundle missing a file (a concurrent or
    killed run removed it) no longer matches, so it is rebuilt instead of skipped."""
    files = sorted(p for p in bundle.rglob("*") if p.is_file()) if bundle.is_dir() else []
    return "\n".join([state, *(f"{p.relative_to(bundle)}\t{p.stat().st_size}" for p in files)]) + "\n"


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, ValueError):
        return ""


def _build(site_dir: Path, bundle: Path) -> SearchReport:
    if not any(site_dir.glob(PAGES_GLOB)):
        shutil.rmtree(bundle, ignore_errors=True)  # no paper pages (empty content): nothing to search
        return SearchReport(0, 0, 0)
    staging = site_dir / _STAGING
    shutil.rmtree(staging, ignore_errors=True)
    cmd = [
        str(pagefind_executable()),
        "--site",
        str(site_dir),
        "--output-path",
        str(staging),
        "--glob",
        PAGES_GLOB,
        "--quiet",
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise RenderError(f"pagefind could not run: {err}") from None
    if proc.returncode != 0 or not (staging / "pagefind-entry.json").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RenderError(f"pagefind failed (exit {proc.returncode}): {' | '.join(tail)}")
    for name in _UNUSED:
        (staging / name).unlink(missing_ok=True)
    shutil.rmtree(bundle, ignore_errors=True)
    staging.rename(bundle)
    size, count = bundle_size(bundle)
    report = SearchReport(_page_count(bundle), count, size)
    log.info(report.summary())
    return report
