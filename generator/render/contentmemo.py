"""The content key, reading only the content files that changed since the last build.

The build key digests every content file (catalog.content_key). A new day changes a few of some
10,000 files, yet reading them all took 0.6 s of a 15 s new day at 30k papers, before the same
files were read again to be parsed. The last build's per-file digests are remembered in site/
(`.digest-content.json`, a dotfile, not published) with each file's size, inode, mtime and ctime:
a file whose stat is the same is not read again. ctime cannot be set from user space and changes
with every write, rename or chmod, so `cp -p`, `touch -d` or a same-size edit never pass for the old
file. As in git's index, a file changed in the moments before the memo was written could change
again within the same clock tick: such files are left out of the memo (the next build reads them).
The memo is only a cache: a missing, foreign or damaged one means every file is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

from generator.content.atomic import write_bytes_if_changed

MEMO = ".digest-content.json"
_VERSION = 1
_RACY_NS = 2_000_000_000
"""Files whose ctime is this close to the memo's writing are not remembered (coarse clocks)."""

Row = list  # [size, ino, mtime_ns, ctime_ns, digest]


class ContentMemo:
    def __init__(self, site_dir: Path | None = None) -> None:
        """`site_dir` None: a memo that remembers nothing (every file is read)."""
        self.path = Path(site_dir) / MEMO if site_dir is not None else None
        self.old = _load(self.path) if self.path is not None else {}
        self.rows: dict[str, Row] = {}
        self.read = 0
        """Files read (not found in the memo) by the last key()."""

    def key(self, root: Path, paths: Iterable[Path]) -> str:
        """Digest of the files (their names relative to `root`, sizes and bytes)."""
        h = hashlib.blake2b(digest_size=16)
        for path in paths:
            name = path.relative_to(root).as_posix()
            found = self._digest(name, path)
            h.update(f"{name}\0{found[0]}\0{found[4]}\0".encode())
        return h.hexdigest()

    def _digest(self, name: str, path: Path) -> Row:
        st = os.stat(path)
        stat = [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]
        old = self.old.get(name)
        if old is not None and old[:4] == stat:
            row = old
        else:
            data = path.read_bytes()
            self.read += 1
            # Sized and stamped as read: a file replaced between the stat and the read is read again next time.
            row = [len(data), *stat[1:], hashlib.blake2b(data, digest_size=16).hexdigest()]
        self.rows[name] = row
        return row

    def save(self) -> None:
        """Remember the rows of the last key() (when site/ exists; never fails the build)."""
        if self.path is None or not self.path.parent.is_dir():
            return
        line = time.time_ns() - _RACY_NS
        rows = {name: row for name, row in self.rows.items() if row[3] < line}
        data = json.dumps({"version": _VERSION, "files": rows}, sort_keys=True).encode()
        # A read-only site/ fails the render elsewhere, with its own message.
        with contextlib.suppress(OSError):
            write_bytes_if_changed(self.path, data)


def _load(path: Path) -> dict[str, Row]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION or not isinstance(data.get("files"), dict):
        return {}
    return {
        name: row
        for name, row in data["files"].items()
        if isinstance(row, list) and len(row) == 5 and all(isinstance(v, int) for v in row[:4])
    }
