"""Faults 7 and 8 of issue 11: one unreadable old day is not an outage; stray temp files of a
killed write are cleaned at start and never committed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_daily_faults import run
from test_render_support import day, make_content, paper, settings_for

ROOT = Path(__file__).resolve().parent.parent
CONFLICT = b'<<<<<<< HEAD\n{"date": "2026-06-22"}\n=======\n{"date": "2026-06-22", "x": 1}\n>>>>>>> theirs\n'


def _two_days(tmp_path: Path):
    settings = settings_for(tmp_path)
    make_content(
        settings.content_dir,
        [day("2026-06-22", [paper("2606.00001")]), day("2026-06-23", [paper("2606.00002")])],
    )
    old = settings.content_dir / "days" / "2026-06-22.json"
    old.write_bytes(CONFLICT)
    env = {"DIGEST_SITE_DIR": str(settings.site_dir), "DIGEST_CONTENT_DIR": str(settings.content_dir)}
    return settings, old, env


def test_unreadable_older_day_is_reported_and_skipped_by_render(tmp_path, monkeypatch, capsys, caplog):
    settings, old, env = _two_days(tmp_path)
    status, err = run(env, monkeypatch, capsys, "render")
    assert status == 0, err
    assert (settings.site_dir / "arxiv" / "2606.00002" / "index.html").is_file()
    assert f"{old}: not valid JSON" in caplog.text and "skipped" in caplog.text
    assert old.read_bytes() == CONFLICT  # left for a person to merge


def test_check_still_lists_the_unreadable_day(tmp_path, monkeypatch, capsys):
    _, old, env = _two_days(tmp_path)
    status, err = run(env, monkeypatch, capsys, "check")
    assert status == 1 and any(str(old) in line for line in err)


def test_the_day_being_written_is_fatal_when_unreadable(tmp_path):
    from generator.content.store import ContentStore
    from generator.errors import ContentError

    settings, old, _ = _two_days(tmp_path)
    store = ContentStore(settings.content_dir)
    try:
        store.write_day(day("2026-06-22", [paper("2606.00009")]))
    except ContentError as err:
        assert str(old) in str(err) and "not overwriting" in str(err)
    else:
        raise AssertionError("an unreadable day was overwritten")
    assert old.read_bytes() == CONFLICT


def test_faq_selection_skips_the_unreadable_day(tmp_path):
    from generator.content.store import ContentStore
    from generator.faq.stage import select_papers

    settings, _, _ = _two_days(tmp_path)
    store = ContentStore(settings.content_dir)
    todo, _ = select_papers(store, settings, None)
    assert [p.id for p in todo] == ["2606.00002"]
    assert len(store.unreadable) == 1


def test_stray_temp_files_are_cleaned_at_start(tmp_path, monkeypatch, capsys):
    settings = settings_for(tmp_path)
    make_content(settings.content_dir, [day("2026-06-22", [paper("2606.00001")])])
    stray = settings.content_dir / "days" / ".2026-06-22.json.k3j4h5.tmp"
    stray.write_bytes(b'{"half": ')
    env = {"DIGEST_CONTENT_DIR": str(settings.content_dir), "DIGEST_LLM_MODEL": "", "DIGEST_LLM_BASE_URL": ""}
    status, _ = run(env, monkeypatch, capsys, "faq")
    assert status == 0 and not stray.exists()


def test_temp_files_and_locks_are_ignored_by_git(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_bytes((ROOT / ".gitignore").read_bytes())
    for rel in (
        "content/days/.2026-06-22.json.k3j4h5.tmp",
        "content/faqs/.2606.00001.json.x.tmp",
        ".content.digest-lock",
    ):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("x")
    (repo / "content/days/2026-06-22.json").write_text("{}")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=repo, capture_output=True, text=True)
    assert staged.stdout.split() == [".gitignore", "content/days/2026-06-22.json"]
