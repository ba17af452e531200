"""arXiv identifiers: versions, the two id eras, chronological order, file-safe form."""

from __future__ import annotations

import re

_NEW_ID = re.compile(r"^(\d{4})\.(\d{4,5})$")
_OLD_ID = re.compile(r"^([a-z][a-z-]*(?:\.[A-Z]{2})?)/(\d{7})$")
_VERSIONED = re.compile(r"^(.+?)v(\d+)$")


def split_version(arxiv_id: str) -> tuple[str, int | None]:
    """'2606.23985v2' -> ('2606.23985', 2); an id without version -> (id, None)."""
    m = _VERSIONED.match(arxiv_id)
    if m and is_arxiv_id(m.group(1)):
        return m.group(1), int(m.group(2))
    return arxiv_id, None


def is_arxiv_id(arxiv_id: str) -> bool:
    """A bare (unversioned) arXiv id, new style (2606.23985) or old style (hep-th/9901001)."""
    return bool(_NEW_ID.match(arxiv_id) or _OLD_ID.match(arxiv_id))


def id_sort_key(arxiv_id: str) -> tuple:
    """Chronological order across id eras: plain string order is wrong (0704.0001 vs 1501.00001)."""
    m = _NEW_ID.match(arxiv_id)
    if m:
        yymm = m.group(1)
        return (1, ("19" if yymm >= "91" else "20") + yymm, int(m.group(2)), "")
    m = _OLD_ID.match(arxiv_id)
    if m:
        yymm = m.group(2)[:4]
        return (0, ("19" if yymm >= "91" else "20") + yymm, int(m.group(2)[4:]), m.group(1))
    return (2, "", 0, arxiv_id)


def safe_id(arxiv_id: str) -> str:
    """File- and URL-path-safe form of an id: old-style ids contain a slash (hep-th/9901001)."""
    return arxiv_id.replace("/", "_")
