"""Loading content for a render: the fast Paper.from_dict path accepts and rejects exactly what the
checked path does (render parses every day on every build, so it skips the per-field helpers)."""

from __future__ import annotations

import pytest

from generator.content.model import Paper
from generator.errors import ContentError

BASE = {
    "id": "2606.00001",
    "version": 2,
    "title": "t",
    "abstract": "a",
    "categories": ["cs.AI", "cs.LG"],
    "primary_category": "cs.AI",
    "announce_type": "new",
    "authors": [{"name": "Ada"}],
    "doi": None,
    "comment": "c",
    "enriched": True,
}

VARIANTS = [
    {},
    {"authors": [{"name": "Ada", "affiliations": ["X"]}]},
    {"authors": [{"name": "Ada", "affiliations": []}]},
    {"authors": [{"name": "Ada", "affiliations": ""}]},
    {"authors": [{"name": "Ada", "affiliations": None}]},
    {"authors": [{"name": "Ada", "affiliations": [1]}]},
    {"authors": [{"name": 3}]},
    {"authors": ["Ada"]},
    {"authors": []},
    {"version": True},
    {"version": 0},
    {"version": "2"},
    {"id": "2606.1"},
    {"id": "hep-th/9901001"},
    {"categories": []},
    {"categories": ["cs.AI", 7]},
    {"primary_category": "cs.LG"},
    {"announce_type": "old"},
    {"title": None},
    {"doi": 5},
    {"license": "cc-by"},
    {"enriched": 0},
    {"extra": "ignored"},
]


def _outcome(fn, d):
    try:
        return fn(d)
    except ContentError as err:
        return f"error: {err}"


@pytest.mark.parametrize("change", VARIANTS)
def test_fast_paper_path_matches_the_checked_path(change):
    d = BASE | change
    fast = _outcome(lambda x: Paper.from_dict(x, "day"), d)
    checked = _outcome(lambda x: Paper._from_dict_checked(x, "day"), d)
    assert fast == checked
    if isinstance(fast, Paper):
        assert fast.to_dict() == Paper(**{k: getattr(fast, k) for k in Paper.__dataclass_fields__}).to_dict()
        assert hash(fast) == hash(Paper._from_dict_checked(d, "day"))
