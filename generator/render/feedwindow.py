"""Which entries a feed holds, and how long their abstracts are: the window policy of render/feeds.py.

A feed is cut by whole announcement days, newest first, within the last `feed_days` days:
1. The newest day that has entries for the feed is always whole: neither `feed_max_entries` nor the
   size cap ever cuts it, so a reader polling once a day never misses a paper.
2. Older days are added, each whole, while the feed stays within `feed_max_entries` entries and
   FEED_MAX_BYTES; the first day that does not fit ends the feed (no gap between days).
3. A category feed (and a filter feed) whose newest day alone is over FEED_MAX_BYTES keeps every
   entry of that day but shortens the longest abstracts, each to the same length cut at a word
   and ending in "…", until the feed fits (never below MIN_ABSTRACT characters; a day too big even
   then is kept whole over the cap). Archive and all-papers feeds always carry the whole abstract:
   on a busy day they hold the newest day only, which is as small as rule 1 allows.

Sizes are upper bounds computed from the text (the escaped UTF-8 length of every field plus the
fixed markup of an entry), before any XML is built, so a feed's key can list exactly its entries.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.content.model import Paper

FEED_MAX_BYTES = 300_000
"""Size cap of a feed (only the newest day may exceed it, see above)."""
MIN_ABSTRACT = 280
"""Shortest abstract a shortened entry keeps, in bytes of escaped text."""
ENTRY_MARKUP = 240
"""Bytes of an entry's fixed markup (tags, the two timestamps, the link's rel and type), rounded up."""
AUTHOR_MARKUP = 30
CATEGORY_MARKUP = 20
HEAD_MARKUP = 520
"""Bytes of a feed's own elements besides its title and URLs (declaration, generator, tags)."""
ELLIPSIS = " …"
_WORD_END = re.compile(r"\s+\S*$")


def xml_len(text: str) -> int:
    """Upper bound of the bytes `text` takes escaped in XML (text or attribute value), UTF-8."""
    n = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    return n + 5 * (text.count("&") + text.count("<") + text.count(">") + text.count('"') + text.count("\r"))


_ELLIPSIS_BYTES = len(ELLIPSIS.encode())


@dataclass(frozen=True)
class Sized:
    """An entry's size split in what never changes and the abstract, which may be shortened."""

    fixed: int
    abstract: int

    def at(self, limit: int | None) -> int:
        return self.fixed + (self.abstract if limit is None or self.abstract <= limit else limit + _ELLIPSIS_BYTES)


def entry_size(paper: Paper, title: str, link: str, names: Sequence[str], abstract: str) -> Sized:
    """Upper bound of one entry's bytes, from the strings feeds.py puts in it (one xml_len per
    kind of field: this runs for every entry of every build)."""
    fixed = ENTRY_MARKUP + 2 * len(paper.versioned_id) + xml_len(title) + xml_len(link)
    fixed += AUTHOR_MARKUP * len(names) + xml_len("".join(names))
    fixed += CATEGORY_MARKUP * len(paper.categories) + xml_len("".join(paper.categories))
    return Sized(fixed, xml_len(abstract))


@dataclass(frozen=True)
class Window:
    days: int
    """How many of the feed's days (newest first) it holds."""
    abstract_limit: int | None
    """Longest abstract, in escaped bytes (None: whole abstracts)."""


def choose(days: Iterable[Sequence[Sized]], head: int, max_entries: int, shorten: bool) -> Window:
    """The window of a feed whose entries, grouped by day newest first, have these sizes. `days`
    is read lazily, and only up to the first day that does not fit."""
    found = iter(days)
    newest = next(found, None)
    if newest is None:
        return Window(0, None)
    total = head + sum(s.fixed + s.abstract for s in newest)
    if total > FEED_MAX_BYTES:
        return Window(1, _limit(newest, head) if shorten else None)
    count, kept = len(newest), 1
    for group in found:
        size = sum(s.fixed + s.abstract for s in group)
        if count + len(group) > max_entries or total + size > FEED_MAX_BYTES:
            break
        total, count, kept = total + size, count + len(group), kept + 1
    return Window(kept, None)


def _limit(entries: Sequence[Sized], head: int) -> int:
    """The largest abstract length (≥ MIN_ABSTRACT) at which these entries fit FEED_MAX_BYTES."""
    lengths = sorted(s.abstract for s in entries)
    prefix = [0]
    for n in lengths:
        prefix.append(prefix[-1] + n)
    fixed = head + sum(s.fixed for s in entries)

    def size(limit: int) -> int:
        i = bisect.bisect_right(lengths, limit)
        return fixed + prefix[i] + (len(lengths) - i) * (limit + _ELLIPSIS_BYTES)

    low, high = MIN_ABSTRACT, max(lengths[-1], MIN_ABSTRACT)
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if size(mid) <= FEED_MAX_BYTES else (low, mid - 1)
    return low


def shorten(text: str, limit: int | None) -> str:
    """`text` cut at a word so that it takes at most `limit` escaped bytes (plus the ellipsis)."""
    if limit is None or xml_len(text) <= limit:
        return text
    cut = text[:limit]
    while xml_len(cut) > limit:
        cut = cut[: max(len(cut) - max(1, (xml_len(cut) - limit) // 2), 0)]
    return (_WORD_END.sub("", cut) or cut).rstrip() + ELLIPSIS
