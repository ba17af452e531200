"""The one place that writes site/: one producer per path, content-hash change detection, stale cleanup.

A manifest (site/.digest-manifest.json, a dotfile so Pages never publishes it) records for every file
we produced the hash of its inputs and of its bytes. An output whose inputs are unchanged is neither
rendered nor written; a rendered output whose bytes are unchanged is not written; a file we produced
last time and not this time is deleted. Files we never produced are never touched.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from generator.atomicfile import write_bytes_if_changed
from generator.errors import RenderError

log = logging.getLogger(__name__)

MANIFEST = ".digest-manifest.json"
_MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Output:
    path: str
    """File path relative to site/ (forward slashes)."""
    inputs: Any
    """Picklable data that, with the writer's salt, fully determines the bytes."""
    produce: Callable[[], bytes]
    producer: str
    """Who claims this path (for the duplicate-producer error)."""


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rendered: int = 0

    @property
    def files(self) -> int:
        return self.written + self.unchanged


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _write_atomic(path: Path, data: bytes, made: set[Path] | None = None) -> None:
    """Temp file + rename, without fsync: site/ is a rebuildable artefact, and one fsync per page
    would cost about 1 ms each (10 s for 10k pages here). A torn file is caught next build because
    its size no longer matches the manifest. The temp name is fixed (one writer per site/), which
    is much cheaper than mkstemp; `made` caches folders already created in this build."""
    folder = path.parent
    if made is None or folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(folder)
    tmp = folder / f".{path.name}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass
class SiteWriter:
    site_dir: Path
    salt: bytes
    """Hash of everything besides an output's inputs that shapes the bytes (templates, code version)."""
    outputs: dict[str, Output] = field(default_factory=dict)
    produced_bytes: int = 0
    """Total size of the files this build produced (known from the manifest, no extra stat)."""
    _made: set[Path] = field(default_factory=set)

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

    def _unchanged(self, path: Path, entry: list | None, key: str | None, content: str | None) -> bool:
        if entry is None or (key is not None and entry[0] != key) or (content and entry[1] != content):
            return False
        try:
            return path.stat().st_size == entry[2]
        except FileNotFoundError:
            return False

    def _one(self, out: Output, old: dict[str, list], new: dict[str, list], stats: WriteStats) -> None:
        path = self.site_dir / out.path
        key = _digest(self.salt + pickle.dumps(out.inputs, protocol=5))
        entry = old.get(out.path)
        if self._unchanged(path, entry, key, None):
            new[out.path] = [key, entry[1], entry[2]]
            stats.unchanged += 1
            return
        data = out.produce()
        stats.rendered += 1
        content = _digest(data)
        new[out.path] = [key, content, len(data)]
        if self._unchanged(path, entry, None, content):
            stats.unchanged += 1
            return
        _write_atomic(path, data, self._made)
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
            for rel in sorted(self.outputs):
                self._one(self.outputs[rel], old, new, stats)
            self._remove_stale(old, stats)
            self.produced_bytes = sum(entry[2] for entry in new.values())
        finally:
            # Record what exists even after a failure, so the next run still finds stale files.
            keep = {k: v for k, v in old.items() if k not in new and (self.site_dir / k).exists()}
            manifest = {"version": _MANIFEST_VERSION, "files": dict(sorted((new | keep).items()))}
            write_bytes_if_changed(self.site_dir / MANIFEST, json.dumps(manifest, indent=0).encode())
        return stats
