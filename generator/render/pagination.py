"""Splits a big day's listing into pages, so no listing ships megabytes (issue 5's weight budget).

Page 1 keeps the listing's own URL; page n lives at "<listing>n/" (urls.page). Counts in a page's
header stay those of the whole day; the pager says which slice of the day a page holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from generator.render import urls

T = TypeVar("T")

Group = tuple
"""(code, name, link, rows) of one category on a day page."""


def chunks(rows: Sequence[T], size: int) -> list[Sequence[T]]:
    """Consecutive slices of at most `size` rows; always at least one (maybe empty) page."""
    size = max(size, 1)
    return [rows[i : i + size] for i in range(0, len(rows), size)] or [rows[:0]]


def pack_groups(groups: Sequence[Group], size: int) -> list[list[tuple]]:
    """Day pages: whole category groups packed up to `size` papers, so a category is rarely cut in
    two; a group that fits no page is split. Each entry: (code, name, link, rows, total, continued)."""
    size = max(size, 1)
    pages: list[list[tuple]] = [[]]
    used = 0
    for code, name, link, rows in groups:
        start = 0
        while start < len(rows):
            left = len(rows) - start
            if used and (used >= size or (left > size - used and left <= size)):
                pages.append([])
                used = 0
            take = rows[start : start + size - used]
            pages[-1].append((code, name, link, take, len(rows), start > 0))
            used += len(take)
            start += len(take)
    return pages


def pager(base: str, number: int, pages: int, first: int, shown: int, total: int) -> dict | None:
    """Template context of the page navigation; None for a listing that fits on one page."""
    if pages <= 1:
        return None
    return {
        "page": number,
        "pages": pages,
        "prev": urls.page(base, number - 1) if number > 1 else None,
        "next": urls.page(base, number + 1) if number < pages else None,
        "links": tuple((n, urls.page(base, n)) for n in range(1, pages + 1)),
        "first": first + 1,
        "last": first + shown,
        "total": total,
    }
