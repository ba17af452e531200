"""Smoke test of the scale benchmark's corpus generator (benchmarks/corpus.py), no timings: a tiny
corpus is valid content (`digest check`), renders (`digest render`, search included), has the shape
the benchmark promises, is the same bytes for the same seed, and the pages planned for Hugo and the
bare jinja2 loop (benchmarks/siteplan.py) are the pages our build writes."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from generator.cli import main as digest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import siteplan  # noqa: E402

DAYS, PER_DAY = 2, 40


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("bench-corpus")
    corpus.write_corpus(work, DAYS, per_day=PER_DAY, seed=7, hold_back=1)
    (work / "digest.toml").write_text(f"categories = {json.dumps(list(corpus.archives()))}\n")
    return work


def days_of(work: Path, folder: str = "content") -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((work / folder / "days").glob("*.json"))]


def test_corpus_is_valid_content(built, capsys):
    assert digest(["check", "--config", str(built / "digest.toml"), "--content", str(built / "content")]) == 0
    assert (
        f"content OK: {DAYS + len(list((built / 'content' / 'faqs').glob('*.json')))} files" in capsys.readouterr().out
    )


def test_corpus_has_the_promised_shape(built):
    days = days_of(built)
    assert [len(d["papers"]) for d in days] == [PER_DAY] * DAYS
    kinds = [p["announce_type"] for p in days[1]["papers"]]
    assert (kinds.count("new"), kinds.count("replace"), kinds.count("replace-cross")) == (24, 12, 4)
    first_new = {p["id"] for p in days[0]["papers"] if p["announce_type"] == "new"}
    replaced = [p for p in days[1]["papers"] if p["announce_type"] != "new"]
    assert all(p["id"] in first_new and p["version"] >= 2 for p in replaced)
    assert set(days[0]["categories"]) == set(corpus.archives())
    faqs = [json.loads(p.read_text()) for p in (built / "content" / "faqs").glob("*.json")]
    assert 0 < len(faqs) < 2 * PER_DAY
    assert all('<span class="math">' in f["html"] and len(f["html"]) > 1500 for f in faqs)
    assert days_of(built, "pending")[0]["date"] > days[-1]["date"]


def test_same_seed_same_bytes(built, tmp_path):
    corpus.write_corpus(tmp_path / "again", DAYS, per_day=PER_DAY, seed=7, hold_back=1)
    corpus.write_corpus(tmp_path / "other", DAYS, per_day=PER_DAY, seed=8, hold_back=1)
    assert tree_digest(tmp_path / "again" / "content") == tree_digest(built / "content")
    assert tree_digest(tmp_path / "other" / "content") != tree_digest(built / "content")


def test_corpus_renders_and_the_plan_matches_our_pages(built, capsys):
    config, content, site = (str(built / n) for n in ("digest.toml", "content", "site"))
    assert digest(["render", "--config", config, "--content", content, "--site", site]) == 0
    assert "rendered" in capsys.readouterr().out
    ours = siteplan.site_bytes_by_kind(built / "site")
    plan = siteplan.make_plan(built / "content").counts()
    for kind in ("paper", "faq", "listing", "home", "small"):
        assert ours[kind][0] == plan[kind], kind
    assert (built / "site" / "pagefind" / "shards.json").is_file()


def test_the_held_back_day_joins_as_valid_content(tmp_path):
    corpus.write_corpus(tmp_path, 1, per_day=PER_DAY, seed=7, hold_back=1)
    date = days_of(tmp_path, "pending")[0]["date"]
    corpus.add_pending(tmp_path, date)
    assert [d["date"] for d in days_of(tmp_path)][-1] == date
    assert digest(["check", "--content", str(tmp_path / "content")]) == 0


def test_pending_files_names_every_file_the_held_back_day_writes(tmp_path):
    # The scale benchmark puts these back between its rounds: a file add_pending writes and
    # pending_files misses would leave the next round's content one day longer.
    corpus.write_corpus(tmp_path, 2, per_day=PER_DAY, seed=7, hold_back=1)
    date = days_of(tmp_path, "pending")[0]["date"]
    content = tmp_path / "content"
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    listed = set(corpus.pending_files(tmp_path, date))
    corpus.add_pending(tmp_path, date)
    after = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    changed = {p for p, data in after.items() if before.get(p) != data}
    assert changed and changed <= listed
    assert all(p in after for p in listed)
