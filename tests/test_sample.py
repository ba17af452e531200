"""The committed sample (content/days/) is what our fetch stage writes from the recorded feeds, and
it looks like real days: every announce type, versions, recurring papers, day navigation."""

from __future__ import annotations

import collections
import sys
from pathlib import Path

from joined import DAYS, day_feed, items

from generator.content.store import ContentStore

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))


def test_committed_sample_is_exactly_what_the_fetch_stage_writes(tmp_path):
    import make_sample_content

    make_sample_content.build(tmp_path / "content")
    built = sorted((tmp_path / "content" / "days").glob("*.json"))
    committed = sorted((REPO / "content" / "days").glob("*.json"))
    assert [p.name for p in built] == [p.name for p in committed]
    for new, old in zip(built, committed):
        assert new.read_bytes() == old.read_bytes(), old.name
    assert not (tmp_path / "content" / "fetch-validators.json").exists()  # the loopback sends none


def test_sample_days_hold_the_feeds_ids_versions_and_types():
    store = ContentStore(REPO / "content")
    assert store.dates() == [*DAYS, "2026-06-24"]
    recurring = collections.Counter()
    for date in DAYS:
        day = store.read_day(date)
        stored = {p.id: (p.version, p.announce_type) for p in day.papers}
        assert stored == {pid: (v, kind) for pid, v, kind, _ in items(day_feed(date))}
        recurring.update(stored.keys())
        kinds = collections.Counter(kind for _, kind in stored.values())
        assert all(kinds[k] > 0 for k in ("new", "cross", "replace", "replace-cross"))
        assert sum(v > 1 for v, _ in stored.values()) > 80
        assert sum(p.comment is not None for p in day.papers) > 150
    assert sum(n > 1 for n in recurring.values()) == 50  # SOURCES.md: 50 papers recur across days
    versions = [store.read_day(d) for d in DAYS]
    assert [next(p.version for p in d.papers if p.id == "2506.02444") for d in versions] == [1, 2, 3]
