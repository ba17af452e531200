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
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Protocol

from generator.content.atomic import write_chunks

SHELF = ".digest-feed-entries.json"
_VERSION = 1


class Entry(Protocol):
    def xml(self) -> str: ...


class EntryShelf:
    def __init__(self, site_dir: Path | None, code: str, wanted: Set[str] = frozenset()) -> None:
        """`site_dir` None: a shelf that remembers nothing. `wanted`: every entry key of this build
        (the caller fills it while it plans the feeds; it is read only by save)."""
        self.path = Path(site_dir) / SHELF if site_dir is not None else None
        self.code, self.wanted = code, wanted
        self._old: dict[str, str] | None = None  # read on first use, in the process that builds feeds
        self.made: dict[str, Entry] = {}
        """Entries built now, serialised only when saved (the build's cache holds them anyway)."""

    def get(self, key: str) -> str | None:
        """The entry's XML as an earlier build stored it, or None."""
        if self._old is None:
            self._old = _load(self.path, self.code) if self.path is not None else {}
        return self._old.get(key)

    def put(self, key: str, entry: Entry) -> None:
        self.made[key] = entry

    def save(self) -> None:
        """Store the wanted entries made now or found from before (when site/ exists; never fails
        the build), then forget them."""
        if self.path is not None and self.path.parent.is_dir() and (self.made or self._old):
            # A read-only site/ fails the render elsewhere, with its own message.
            with contextlib.suppress(OSError):
                write_chunks(self.path, self._chunks())
        self._old, self.made = None, {}

    def _chunks(self) -> Iterator[bytes]:
        """The shelf's JSON, an entry at a time (15 MB at all of arXiv: never joined in memory)."""
        old = self._old or {}
        yield f'{{"version":{_VERSION},"code":{json.dumps(self.code)},"entries":{{'.encode()
        first = True
        for key in sorted(self.wanted):
            made = self.made.get(key)
            xml = made.xml() if made is not None else old.get(key)
            if xml is not None:
                yield (b"" if first else b",") + f"{json.dumps(key)}:{json.dumps(xml)}".encode()
                first = False
        yield b"}}"


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
