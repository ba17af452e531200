"""The pagefind CLI, run on throw-away documents made from search records (render/search.py).

Pagefind's Python API answers one record per 0.1 s poll; its CLI indexes a thousand small documents
a second. A shard is built in a staging folder and swapped in only when whole.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.errors import RenderError

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
_SCRATCH = Path("/dev/shm")
"""Where the throw-away documents Pagefind reads are written, when it exists (memory, not disk)."""


@dataclass(frozen=True)
class Record:
    url: str
    content: str
    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]


def pagefind_version() -> str:
    if os.environ.get(PAGEFIND_ENV):
        return os.environ[PAGEFIND_ENV]
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "none"


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


def shard_complete(folder: Path, files: dict[str, int] | None = None) -> bool:
    """Every file the shard had when it was built, at its size (`files`, from the stamp); without
    a list, the files a reader's browser asks for first: entry, scripts and each language's meta."""
    if files is not None:
        return bool(files) and all(size_of(folder / rel) == size for rel, size in files.items())
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    languages = entry.get("languages", {}) if isinstance(entry, dict) else {}
    needed = ["pagefind.js", "pagefind-worker.js"]
    needed += [f"pagefind.{lang['hash']}.pf_meta" for lang in languages.values() if "hash" in lang]
    needed += [f"wasm.{code}.pagefind" for code in languages if code != "unknown"]
    return bool(languages) and all((folder / name).is_file() for name in needed)


def size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()}


def scratch_folder() -> Path:
    """A new scratch folder for a shard's throw-away documents (build_shard removes it)."""
    scratch = str(_SCRATCH) if _SCRATCH.is_dir() and os.access(_SCRATCH, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="digest-search-", dir=scratch))


def stage_documents(records: list[Record], folder: Path | None = None) -> Path:
    """`folder` (a new scratch_folder when None) holding the shard's documents (in its `site/`),
    for build_shard, which removes it; removed here if writing them fails."""
    folder = folder or scratch_folder()
    try:
        _write_documents(folder / "site", records)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def build_shard(bundle: Path, name: str, documents: Path) -> None:
    """Shard `name` of the bundle from the documents stage_documents wrote (that folder is removed)."""
    staging = bundle / f".{name}.new"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.parent.mkdir(parents=True, exist_ok=True)
        _run_pagefind(documents, staging, name)
    finally:
        shutil.rmtree(documents, ignore_errors=True)
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


def _run_pagefind(tmp: Path, staging: Path, name: str) -> None:
    """pagefind over tmp/site. Its output goes to a file, not a pipe: the render forks its workers
    meanwhile, and a forked worker holding a pipe's write end would keep us from seeing its end."""
    site, log_path = tmp / "site", tmp / "pagefind.log"
    cmd = [str(pagefind_executable()), "--site", str(site), "--output-path", str(staging.resolve()), "--quiet"]
    try:
        with open(log_path, "wb") as out:
            proc = subprocess.run(
                cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, timeout=_TIMEOUT_S, check=False
            )
    except (OSError, subprocess.TimeoutExpired) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise RenderError(f"pagefind could not run: {err}") from None
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        tail = log_path.read_text("utf-8", "replace").strip().splitlines()[-5:]
        raise RenderError(f"pagefind failed on shard {name} (exit {proc.returncode}): {' | '.join(tail)}")
