"""Feed entries an earlier build made, kept in site/ so that a new day builds only its own entries.

A new day changes every feed (each gains the day) but few of their entries: at 30k papers the
161 feeds hold some 7,600 entries, of which the new day's 1,500 are new. Building an entry with
feedgen (its setters, its XML) was most of the feeds' cost, about 2 s on one core on the new day's
critical path. An entry is a pure function of what `feeds.entry_key` digests (the versioned id,
the announcement date, the abstract limit and everything the entry shows) and of our code, so its
XML is stored under that key (site/.digest-feed-entries.json, a dotfile: never published) and
parsed back instead of built again. feedgen still assembles and writes every feed.

The file is only a cache: missing, damaged or written by other code (`code`) means every entry is
built. It is saved by the process that rendered the feeds, holding the entries some feed of this
build lists (`wanted`), so it never grows past the feeds' window.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Set
from pathlib import Path

from generator.content.atomic import write_bytes_if_changed

SHELF = ".digest-feed-entries.json"
_VERSION = 1


class EntryShelf:
    def __init__(self, site_dir: Path | None, code: str, wanted: Set[str] = frozenset()) -> None:
        """`site_dir` None: a shelf that remembers nothing. `wanted`: every entry key of this build
        (the caller fills it while it plans the feeds; it is read only by save)."""
        self.path = Path(site_dir) / SHELF if site_dir is not None else None
        self.code, self.wanted = code, wanted
        self._old: dict[str, str] | None = None  # read on first use, in the process that builds feeds
        self.made: dict[str, str] = {}
        self.reused = 0

    def get(self, key: str) -> str | None:
        """The entry's XML as an earlier build stored it, or None."""
        if self._old is None:
            self._old = _load(self.path, self.code) if self.path is not None else {}
        found = self._old.get(key)
        self.reused += found is not None
        return found

    def put(self, key: str, xml: str) -> None:
        self.made[key] = xml

    def save(self) -> None:
        """Store the wanted entries made now or found from before (when site/ exists; never fails
        the build: a read-only site/ fails it elsewhere, with its own message), then forget them."""
        if self.path is not None and self.path.parent.is_dir() and (self.made or self._old):
            entries = (self._old or {}) | self.made
            kept = {k: entries[k] for k in sorted(self.wanted) if k in entries}
            data = json.dumps({"version": _VERSION, "code": self.code, "entries": kept}, separators=(",", ":"))
            with contextlib.suppress(OSError):
                write_bytes_if_changed(self.path, data.encode())
        self._old, self.made = None, {}


def _load(path: Path, code: str) -> dict[str, str]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION or data.get("code") != code:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(v, str)}
