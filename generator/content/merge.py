"""Merge two versions of one announcement day by paper (a rebase conflict on a day file).

Content files are ours to merge, so a conflict never leaves markers in content/: the merged day
holds every paper of either side; for a paper on both sides the higher version wins, then the
enriched one (it has API details), then ours (freshly fetched).
"""

from __future__ import annotations

from generator.content.model import Day, Paper
from generator.errors import ContentError


def merge_days(ours: Day, theirs: Day) -> Day:
    if ours.date != theirs.date:
        raise ContentError(f"cannot merge day {ours.date} with day {theirs.date}")
    papers = {p.id: p for p in theirs.papers}
    for paper in ours.papers:
        other = papers.get(paper.id)
        papers[paper.id] = paper if other is None or _rank(paper) >= _rank(other) else other
    categories = ours.categories + tuple(c for c in theirs.categories if c not in ours.categories)
    return Day(date=ours.date, categories=categories, papers=tuple(papers.values()))


def _rank(paper: Paper) -> tuple[int, bool]:
    return paper.version, paper.enriched
