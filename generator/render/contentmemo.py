"""The content key, reading only the content files that changed since the last build.

The build key digests every content file (catalog.content_key). A new day changes a few of some
10,000 files, yet reading them all took 0.6 s of a 15 s new day at 30k papers, before the same
files were read again to be parsed. The last build's per-file digests are remembered in site/
(`.digest-content.json`, a dotfile, not published) with each file's size, inode, mtime and ctime:
a file whose stat is the same is not read again. ctime cannot be set from user space and changes
with every write, rename or chmod, so `cp -p`, `touch -d` or a same-size edit never pass for the old
file. As in git's index, a file changed in the moments before its stat was taken could change
again within the same clock tick: such files are left out of the memo (the next build reads them,
and remembers them then). So a build started right after its content was copied or checked out
remembers nothing, and the build after it reads every file once more.
The memo is only a cache: a missing, foreign or damaged one means every file is read.

A row may also hold facts the render learnt when it last parsed the file (a FAQ's version: see
catalog.read_faqs; a day's listing bytes and its feed entries' sizes: see stage.py), so that an
unchanged file need not be parsed, or its papers measured, for them. Facts depend on the code that
learnt them, so a memo written by other code (`facts_key`) keeps its digests, not its facts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.content.atomic import write_bytes_if_changed

MEMO = ".digest-content.json"
_VERSION = 2
_RACY_NS = 2_000_000_000
"""Files whose ctime is this close to the moment their stat was taken are not remembered (coarse
clocks: such a file could change again within the same tick, its stat unchanged)."""

Row = list  # [size, ino, mtime_ns, ctime_ns, digest, facts: a dict of named facts, or None]


class ContentMemo:
    def __init__(self, site_dir: Path | None = None, facts_key: str = "") -> None:
        """`site_dir` None: a memo that remembers nothing (every file is read)."""
        self.path = Path(site_dir) / MEMO if site_dir is not None else None
        self.facts_key = facts_key
        self.old = _load(self.path, facts_key) if self.path is not None else {}
        self.rows: dict[str, Row] = {}
        self.read = 0
        """Files read (not found in the memo) by the last key()."""
        self._since: int | None = None
        """When the first key() began: every stat it took is from after this moment."""

    def key(self, root: Path, paths: Iterable[Path]) -> str:
        """Digest of the files (their names relative to `root`, sizes and bytes)."""
        h = hashlib.blake2b(digest_size=16)
        if self._since is None:
            self._since = time.time_ns()
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
            row = [len(data), *stat[1:], hashlib.blake2b(data, digest_size=16).hexdigest(), None]
        self.rows[name] = row
        return row

    def digest(self, name: str) -> str | None:
        """The digest the last key() found for file `name` (relative to its root, posix)."""
        row = self.rows.get(name)
        return row[4] if row is not None else None

    def fact(self, name: str) -> Any:
        """The named facts learn() recorded for the bytes that file `name` still holds (None or
        an empty dict: nothing)."""
        row = self.rows.get(name)
        return row[5] if row is not None else None

    def learn(self, name: str, digest: str, fact: dict[str, Any]) -> None:
        """Remember `fact` about file `name`, learnt from bytes with this digest: kept only if
        those are the bytes the last key() digested (the file did not change in between). Facts are
        named: what the file's row already knows under other names stays (a day file holds its
        listing bytes and its feed entries' sizes), and a name given None is forgotten."""
        row = self.rows.get(name)
        if row is not None and row[4] == digest:
            merged = {**(row[5] if isinstance(row[5], dict) else {}), **fact}
            self.rows[name] = [*row[:5], {k: v for k, v in merged.items() if v is not None}]

    def save(self) -> None:
        """Remember the rows of the last key() (when site/ exists; never fails the build)."""
        if self.path is None or not self.path.parent.is_dir():
            return
        # From when the stats were taken, not from now: after a long build, a file rewritten in the
        # same tick as its stat would otherwise count as settled.
        line = (self._since if self._since is not None else time.time_ns()) - _RACY_NS
        rows = {name: row for name, row in self.rows.items() if row[3] < line}
        memo = {"version": _VERSION, "facts_key": self.facts_key, "files": rows}
        data = json.dumps(memo, sort_keys=True, separators=(",", ":")).encode()
        # A read-only site/ fails the render elsewhere, with its own message.
        with contextlib.suppress(OSError):
            write_bytes_if_changed(self.path, data)


def _load(path: Path, facts_key: str) -> dict[str, Row]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION or not isinstance(data.get("files"), dict):
        return {}
    same = data.get("facts_key") == facts_key
    return {
        name: row if same else [*row[:5], None]
        for name, row in data["files"].items()
        if isinstance(row, list)
        and len(row) == 6
        and all(isinstance(v, int) for v in row[:4])
        and isinstance(row[4], str)
    }
