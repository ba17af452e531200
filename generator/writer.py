"""The one place that writes site/: one producer per path, content-hash change detection, stale cleanup.

A manifest (site/.digest-manifest.json, a dotfile so Pages never publishes it) records for every file
we produced the key of its inputs and the hash and size of its bytes. An output whose key is unchanged
(and whose file still has the recorded size) is neither rendered nor written; a rendered output whose
bytes are unchanged is not written; a file we produced last time and not this time is deleted. Files
we never produced are never touched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from generator.atomicfile import write_bytes_if_changed
from generator.errors import RenderError

log = logging.getLogger(__name__)

MANIFEST = ".digest-manifest.json"
_MANIFEST_VERSION = 2
_QUEUE = 256
"""Rendered files waiting for the write thread (bounds the memory held by a fast renderer)."""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(*parts: Any) -> str:
    """A cheap input key: the digest of the parts' repr.

    repr is deterministic for the str/int/tuple/dict/dataclass data that pages are made of, and
    objects shared by many pages (paper views) keep their repr short by printing their own digest.
    """
    return digest(repr(parts).encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class Output:
    path: str
    """File path relative to site/ (forward slashes)."""
    inputs: Any
    """Key (str, from `fingerprint`) or picklable data that, with the writer's salt, fully
    determines the bytes."""
    produce: Callable[[], bytes]
    producer: str
    """Who claims this path (for the duplicate-producer error)."""

    def key(self, salt: bytes) -> str:
        raw = self.inputs.encode() if isinstance(self.inputs, str) else pickle.dumps(self.inputs, protocol=5)
        return digest(salt + raw)


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rendered: int = 0

    @property
    def files(self) -> int:
        return self.written + self.unchanged


def _write_atomic(path: str, data: bytes) -> None:
    """Temp file + rename, without fsync: site/ is a rebuildable artefact, and one fsync per page
    would cost about 1 ms each (10 s for 10k pages here). A torn file is caught next build because
    its size no longer matches the manifest. The temp name is fixed (one writer per site/), which
    is much cheaper than mkstemp."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class _WriteThread:
    """Writes files on a second thread: open/write/rename/mkdir release the GIL, so the kernel work
    overlaps with rendering on the other core instead of adding to it."""

    def __init__(self) -> None:
        self._queue: queue.Queue = queue.Queue(_QUEUE)
        self._made: set[str] = set()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="site-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._error is None:
                try:
                    path, data = job
                    folder = os.path.dirname(path)
                    if folder not in self._made:
                        os.makedirs(folder, exist_ok=True)
                        self._made.add(folder)
                    _write_atomic(path, data)
                except BaseException as err:  # re-raised on the main thread by close()
                    self._error = err

    def put(self, path: str, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((path, data))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error


@dataclass
class SiteWriter:
    site_dir: Path
    salt: bytes
    """Hash of everything besides an output's inputs that shapes the bytes (templates, code version)."""
    outputs: dict[str, Output] = field(default_factory=dict)
    produced_bytes: int = 0
    """Total size of the files this build produced (known from the manifest, no extra stat)."""
    _queued: list[str] = field(default_factory=list)

    def add(self, output: Output) -> None:
        if output.path in self.outputs:
            other = self.outputs[output.path].producer
            raise RenderError(f"two producers for {output.path}: {other} and {output.producer}")
        if output.path == MANIFEST or output.path.startswith("/") or ".." in output.path.split("/"):
            raise RenderError(f"{output.producer}: refusing output path {output.path!r}")
        self.outputs[output.path] = output

    def _load_manifest(self) -> dict[str, list]:
        try:
            data = json.loads((self.site_dir / MANIFEST).read_bytes())
        except (FileNotFoundError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != _MANIFEST_VERSION:
            return {}
        return data.get("files", {})

    @staticmethod
    def _size_is(path: str, size: int) -> bool:
        """The manifest proves the bytes; a size check catches a torn or hand-edited file."""
        try:
            return os.stat(path).st_size == size
        except FileNotFoundError:
            return False

    def _one(self, out: Output, old: dict[str, list], new: dict[str, list], stats: WriteStats, io: _WriteThread) -> None:
        path = os.path.join(self.site_dir, out.path)
        key = out.key(self.salt)
        entry = old.get(out.path)
        if entry is not None and entry[0] == key and self._size_is(path, entry[2]):
            new[out.path] = entry
            stats.unchanged += 1
            return
        data = out.produce()
        stats.rendered += 1
        content = digest(data)
        new[out.path] = [key, content, len(data)]
        if entry is not None and entry[1] == content and self._size_is(path, len(data)):
            stats.unchanged += 1
            return
        io.put(path, data)
        self._queued.append(out.path)
        stats.written += 1

    def _remove_stale(self, old: dict[str, list], stats: WriteStats) -> None:
        for rel in sorted(set(old) - set(self.outputs)):
            path = self.site_dir / rel
            if path.is_file():
                path.unlink()
                stats.removed += 1
            parent = path.parent
            while parent != self.site_dir and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent

    def write_all(self) -> WriteStats:
        self.site_dir.mkdir(parents=True, exist_ok=True)
        old = self._load_manifest()
        new: dict[str, list] = {}
        stats = WriteStats()
        try:
            io = _WriteThread()
            try:
                for rel in sorted(self.outputs):
                    self._one(self.outputs[rel], old, new, stats, io)
            finally:
                io.close()
            self._remove_stale(old, stats)
            self.produced_bytes = sum(entry[2] for entry in new.values())
        except BaseException:
            # A queued write may not have happened: make the next build render those files again.
            for rel in self._queued:
                new[rel] = ["", "", -1]
            raise
        finally:
            # Record what exists even after a failure, so the next run still finds stale files.
            keep = {k: v for k, v in old.items() if k not in new and (self.site_dir / k).exists()}
            manifest = {"version": _MANIFEST_VERSION, "files": dict(sorted((new | keep).items()))}
            write_bytes_if_changed(self.site_dir / MANIFEST, json.dumps(manifest, indent=0).encode())
        return stats
