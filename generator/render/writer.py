"""The one place that writes site/: one producer per path, content-hash change detection, stale cleanup.

A manifest (site/.digest-manifest.json, a dotfile so Pages never publishes it) records for every file
we produced the key of its inputs and the hash and size of its bytes. An output whose key is unchanged
(and whose file still has the recorded size) is neither rendered nor written; a rendered output whose
bytes are unchanged is not written; a file we produced last time and not this time is deleted. Files
we never produced are never touched.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.atomic import write_bytes_if_changed
from generator.errors import RenderError
from generator.render import memory
from generator.render.keys import Output, digest, fingerprint
from generator.render.pool import locality, render_parallel

log = logging.getLogger(__name__)

MANIFEST = ".digest-manifest.json"
_MANIFEST_VERSION = 2
_UNKNOWN = ("", "", -1)
"""Manifest row of a file a failed run may have written: matches no key, content or size."""


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rendered: int = 0

    @property
    def files(self) -> int:
        return self.written + self.unchanged


def _store(path: str, data: bytes, replace: bool, made: set[str]) -> None:
    """Write one output file; a failure (read-only folder, disk full) names the file."""
    folder = os.path.dirname(path)
    try:
        if folder not in made:
            _mkdir(folder)
            made.add(folder)
        _write(path, data, replace)
    except OSError as err:
        raise RenderError(f"{path}: cannot write ({err.strerror or err})") from None


def _write(path: str, data: bytes, replace: bool) -> None:
    """A file we wrote before is replaced atomically (temp file + rename), so a server never sees
    half a page. A new file is written in place: if that is cut short, the manifest has no entry
    for it and the next build writes it again. No fsync: site/ is a rebuildable artefact, and one
    fsync per page would cost about 1 ms each. The temp name is fixed (one writer per site/)."""
    if not replace:
        _put(path, data)
        return
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.tmp")
    try:
        _put(tmp, data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _put(path: str, data: bytes) -> None:
    """open/write/close and nothing else: open() adds an fstat and an isatty ioctl per file, and
    file-system calls are most of the cost of writing 10k small pages here."""
    fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _mkdir(folder: str) -> None:
    """One mkdir for the usual case (the parent exists: arxiv/<id>/), makedirs otherwise."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


@dataclass
class SiteWriter:
    site_dir: Path
    keyring: str
    """`Keyring.base` of this build: the writer takes only outputs keyed through that keyring."""
    outputs: dict[str, Output] = field(default_factory=dict)
    produced_bytes: int = 0
    """Total size of the files this build produced (known from the manifest, no extra stat)."""
    files: dict[str, list] = field(default_factory=dict)
    """Manifest rows (key, content digest, size) of this build's files, once written or reused."""
    workers: int = field(default_factory=lambda: min(os.cpu_count() or 1, 4))
    """Processes rendering in parallel (forked, so they share the catalog and outputs for free)."""
    parallel_min: int = 200
    """Fewer outputs to render than this: render in-process (a fork costs more than it saves)."""
    _manifest: dict | None = field(default=None, repr=False)
    """The manifest as read by reuse(), for write_all (33k rows at 30k papers: 0.3 s a parse)."""

    def add(self, output: Output) -> None:
        if output.path in self.outputs:
            other = self.outputs[output.path].producer
            raise RenderError(f"two producers for {output.path}: {other} and {output.producer}")
        if output.keyring != self.keyring:
            raise RenderError(f"{output.producer}: {output.path} was not keyed by this build's keyring")
        if output.path == MANIFEST or output.path.startswith("/") or ".." in output.path.split("/"):
            raise RenderError(f"{output.producer}: refusing output path {output.path!r}")
        self.outputs[output.path] = output

    def _load_manifest(self) -> dict:
        if self._manifest is not None:
            found, self._manifest = self._manifest, None  # read once: write_all then rewrites it
            return found
        try:
            data = json.loads((self.site_dir / MANIFEST).read_bytes())
        except (FileNotFoundError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != _MANIFEST_VERSION:
            return {}
        return data

    def reuse(self, build: str) -> WriteStats | None:
        """Stats of a no-op build, when the last successful build had this build key (a digest of
        all content, settings and templates) and every file it produced still has its size; else None.
        This skips loading the content catalog and computing per-page keys altogether."""
        data = self._load_manifest()
        if not build or data.get("build") != build:
            self._manifest = data
            return None
        files = data.get("files", {})
        root = str(self.site_dir)
        if not all(self._size_is(os.path.join(root, rel), entry[2]) for rel, entry in files.items()):
            return None
        self.produced_bytes = sum(entry[2] for entry in files.values())
        self.files = files
        return WriteStats(unchanged=len(files))

    def state(self, pattern: str) -> str:
        """Digest of the bytes of this build's files matching `pattern` (fnmatch): equal states,
        equal files, so what was derived from them (the search index) is still current."""
        rows = sorted((rel, row[1]) for rel, row in self.files.items() if fnmatch.fnmatchcase(rel, pattern))
        return fingerprint(rows)

    @staticmethod
    def _size_is(path: str, size: int) -> bool:
        """The manifest proves the bytes; a size check catches a torn or hand-edited file."""
        try:
            return os.stat(path).st_size == size
        except FileNotFoundError:
            return False

    def _remove_stale(self, old: dict[str, list], stats: WriteStats) -> None:
        """Delete the files we produced last time and not this time, then the folders that left
        empty. A folder is removed by trying rmdir, which refuses a folder that still holds
        something: listing a parent to see if it is empty would read all of `arxiv/` (thousands
        of entries) once per paper page that left the window."""
        folders: set[str] = set()
        root = str(self.site_dir)
        for rel in sorted(set(old) - set(self.outputs)):
            path = os.path.join(root, rel)
            if os.path.isfile(path):
                os.unlink(path)
                stats.removed += 1
            folders.add(os.path.dirname(path))
        # Deepest first, so a folder whose only content was an emptied subfolder goes too.
        for folder in sorted(folders, key=lambda f: f.count(os.sep), reverse=True):
            while folder != root and folder.startswith(root + os.sep):
                try:
                    os.rmdir(folder)
                except OSError:  # not empty (or already gone): its parents are not empty either
                    break
                folder = os.path.dirname(folder)

    def _todo(self, old: dict[str, list], new: dict[str, list]) -> list[tuple[str, str, str | None]]:
        """(path, key, old content digest) of the outputs to render; records the unchanged in `new`."""
        root = str(self.site_dir)
        todo = []
        for rel in sorted(self.outputs):
            key = self.outputs[rel].key
            entry = old.get(rel)
            if entry is not None and entry[0] == key and self._size_is(os.path.join(root, rel), entry[2]):
                new[rel] = entry
            else:
                todo.append((rel, key, entry[1] if entry else None))
        return todo

    def _render(self, todo: list[tuple[str, str, str | None]]) -> list[tuple]:
        if self.workers > 1 and len(todo) >= self.parallel_min:
            return render_parallel(self, todo, self.workers, render_batch)
        return render_batch(self, sorted(todo, key=locality))

    def write_all(self, build: str = "") -> WriteStats:
        """Render and write what changed; `build` (see reuse) is recorded only if all went well.

        On a failure the rows of this run are lost with the exception, but some of its files may
        already be on disk (overwritten, or new): every path this run was to render whose file
        exists is recorded with an invalid key, so the next build renders it again, or deletes it
        when no longer produced. Untouched old entries are kept, so stale files are still found."""
        self.site_dir.mkdir(parents=True, exist_ok=True)
        old = self._load_manifest().get("files", {})
        new: dict[str, list] = {}
        todo: list[tuple[str, str, str | None]] = []
        stats = WriteStats()
        done = False
        try:
            todo = self._todo(old, new)
            stats.unchanged = len(new)
            for rel, key, content, size, written in self._render(todo):
                new[rel] = [key, content, size]
                stats.rendered += 1
                stats.written += written
                stats.unchanged += not written
            self._remove_stale(old, stats)
            self.produced_bytes = sum(entry[2] for entry in new.values())
            self.files = new
            done = True
        finally:
            self._record(build if done else "", old, new, [] if done else [row[0] for row in todo])
        return stats

    def _record(self, build: str, old: dict[str, list], new: dict[str, list], touched: list[str]) -> None:
        """Write the manifest: this run's rows, plus (after a failure) what may be on disk."""
        files = {k: v for k, v in old.items() if k not in new and (self.site_dir / k).exists()}
        files |= {rel: list(_UNKNOWN) for rel in touched if rel not in new and (self.site_dir / rel).exists()}
        manifest = {"version": _MANIFEST_VERSION, "build": build, "files": dict(sorted((files | new).items()))}
        # One line, no indent: json's C encoder (an indented manifest of 33k rows took 0.6 s a build).
        write_bytes_if_changed(self.site_dir / MANIFEST, json.dumps(manifest, separators=(",", ":")).encode())


def render_batch(writer: SiteWriter, todo: list[tuple[str, str, str | None]]) -> list[tuple]:
    """Render `todo`, write the files whose bytes changed; (path, key, content, size, written) each.

    Writes happen inline: a writer thread would fight the renderer for the GIL at every step
    between syscalls (measured slower); the parallel workers overlap each other's I/O instead."""
    root = str(writer.site_dir)
    made: set[str] = set()
    results = []
    releases: dict[int, Callable[[], None]] = {}
    for rel, key, old_content in todo:
        output = writer.outputs[rel]
        if output.release is not None:
            releases.setdefault(id(output.release), output.release)
        try:
            data = output.produce()
        except (RenderError, OSError):
            raise
        except Exception as err:  # noqa: BLE001 - a template, feedgen or data bug: say which output
            raise RenderError(f"{rel} ({output.producer}): {type(err).__name__}: {err}") from err
        content = digest(data)
        path = os.path.join(root, rel)
        # Same bytes as recorded and the file intact: a rebuild leaves it (and its mtime) alone.
        written = not (content == old_content and SiteWriter._size_is(path, len(data)))
        if written:
            _store(path, data, old_content is not None, made)
        results.append((rel, key, content, len(data), written))
    # The feeds' shared entries (58 MB at 60 days of all arXiv) are of no use to the pages a worker
    # renders next: with the memory they had, the worker holding them was the build's largest process.
    for release in releases.values():
        release()
    if releases:
        memory.give_back()
    return results
