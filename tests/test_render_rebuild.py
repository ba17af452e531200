"""Rebuild safety: a failed render, a changed code version and a failed search index all heal on the next run."""

from __future__ import annotations

import collections
import json
import os
import shutil
import signal
from pathlib import Path

import pytest
from test_render_support import day, faq, make_content, paper, sample_days, settings_for

from generator.errors import RenderError
from generator.render.pagefind import PAGEFIND_ENV
from generator.render.stage import DEFAULT_TEMPLATES, render_site

TITLE = "Title of 2606.00003 with $\\alpha$"
BROKEN = "FAILS of 2606.00003 with $\\alpha$"  # same length: the size check alone cannot see it


def failing_templates(tmp_path: Path) -> Path:
    """The real templates, except that a paper page whose title has FAIL in it raises."""
    custom = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, custom)
    page = custom / "paper.html"
    text = page.read_text().replace(
        "{% block head %}", '{% block head %}{% if "FAIL" in paper.title %}{{ nope }}{% endif %}', 1
    )
    page.write_text(text)
    return custom


def with_title(title: str):
    d1, d2 = sample_days()
    papers = tuple(paper(p.id, p.categories, title=title) if p.id == "2606.00003" else p for p in d2.papers)
    return [d1, day(d2.date, papers)]


def test_a_failed_render_leaves_no_stale_page_behind(tmp_path):
    settings = settings_for(tmp_path, templates_dir=failing_templates(tmp_path))
    make_content(tmp_path / "content", with_title(TITLE))
    render_site(settings, with_search=False)
    listing = settings.site_dir / "cs.AI/2026-06-23/index.html"
    # Day pages render before paper pages: the listing is rewritten, then the paper page fails.
    make_content(tmp_path / "content", with_title(BROKEN))
    with pytest.raises(RenderError):
        render_site(settings, with_search=False)
    assert b"FAILS of" in listing.read_bytes()
    make_content(tmp_path / "content", with_title(TITLE))
    report = render_site(settings, with_search=False)
    assert report.stats.written > 0
    assert b"FAILS of" not in listing.read_bytes() and b"Title of 2606.00003" in listing.read_bytes()


def test_pages_of_a_day_added_by_a_failed_render_are_removed_with_the_day(tmp_path):
    settings = settings_for(tmp_path, templates_dir=failing_templates(tmp_path))
    store = make_content(tmp_path / "content", sample_days())
    render_site(settings, with_search=False)
    make_content(tmp_path / "content", [day("2026-06-24", [paper("2606.00010", title="FAIL")])])
    with pytest.raises(RenderError):
        render_site(settings, with_search=False)
    orphan = settings.site_dir / "cs.AI/2026-06-24/index.html"
    assert orphan.is_file()
    store.day_path("2026-06-24").unlink()
    render_site(settings, with_search=False)
    assert not orphan.exists() and not (settings.site_dir / "days/2026-06-24").exists()


def test_a_changed_code_version_rerenders_every_page(tmp_path, monkeypatch):
    from generator.render import keys

    settings = settings_for(tmp_path)
    make_content(tmp_path / "content", sample_days())
    first = render_site(settings, with_search=False)
    monkeypatch.setattr(keys, "code_version", lambda: "another generator or library version")
    again = render_site(settings, with_search=False)
    assert again.stats.rendered == first.stats.files


def test_code_version_covers_our_code_and_library_versions(tmp_path):
    from generator.render.keys import code_version

    (tmp_path / "mod.py").write_text("X = 1\n")
    base = code_version(tmp_path, ("jinja2",))
    assert code_version(tmp_path, ("jinja2", "feedgen")) != base
    (tmp_path / "mod.py").write_text("X = 2\n")
    assert code_version(tmp_path, ("jinja2",)) != base


def indexed_pages(site: Path) -> int:
    """Records in every search shard (a paper announced on two days counts twice)."""
    shards = json.loads((site / "pagefind/shards.json").read_text())["shards"]
    entries = [json.loads((site / "pagefind" / s / "pagefind-entry.json").read_text()) for s in shards]
    return sum(lang["page_count"] for entry in entries for lang in entry["languages"].values())


def test_a_failed_search_index_is_rebuilt_on_the_next_run(tmp_path, monkeypatch):
    settings = settings_for(tmp_path)
    make_content(tmp_path / "content", sample_days())
    render_site(settings)
    before = indexed_pages(settings.site_dir)
    make_content(tmp_path / "content", [day("2026-06-24", [paper("2606.00010")])])
    monkeypatch.setenv(PAGEFIND_ENV, str(tmp_path / "no-such-pagefind"))
    with pytest.raises(RenderError, match="pagefind"):
        render_site(settings)
    monkeypatch.delenv(PAGEFIND_ENV)
    again = render_site(settings)
    assert again.stats.written == 0  # the pages were written by the failed run
    assert indexed_pages(settings.site_dir) == before + 1


def test_a_failed_render_leaves_no_search_documents_behind(tmp_path, monkeypatch):
    from generator.render import pagefind

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(pagefind, "_SCRATCH", scratch)  # where the throw-away documents go
    settings = settings_for(tmp_path, templates_dir=failing_templates(tmp_path))
    make_content(tmp_path / "content", with_title(BROKEN))
    # The newest shard's documents are written before the pages, then the paper page fails.
    with pytest.raises(RenderError, match="nope"):
        render_site(settings)
    assert list(scratch.iterdir()) == []
    make_content(tmp_path / "content", with_title(TITLE))
    render_site(settings)
    assert indexed_pages(settings.site_dir) == 5 and list(scratch.iterdir()) == []


def test_the_search_menu_counts_each_paper_once_and_excerpts_start_with_the_text(tmp_path):
    from generator.render import searchrecords
    from generator.render.catalog import load_catalog

    settings = settings_for(tmp_path)
    make_content(tmp_path / "content", sample_days())
    render_site(settings)
    listed = json.loads((settings.site_dir / "pagefind/shards.json").read_text())
    records = searchrecords.shard_records(load_catalog(settings), settings.paper_page_days)
    per_record = collections.Counter(c for rs in records.values() for r in rs for c in dict(r.filters)["category"])
    # 2606.00001 (cs.AI) has a record on both days: Pagefind's merged count would say 5.
    assert per_record == {"cs.AI": 5, "cs.CL": 1}
    assert listed["papers"]["category"] == {"cs.AI": 4, "cs.CL": 1}
    # The ids are searchable but last: an excerpt near the title or abstract does not show them.
    first = next(r for r in records["2026-06-22"] if r.url.endswith("2606.00001/"))
    title, _, abstract = first.content.split("\n\n")[:3]
    assert title == dict(first.meta)["title"] and "arXiv:" not in abstract
    assert first.content.endswith("arXiv:2606.00001 2606.00001 2606.00001v1")


def test_a_lost_search_bundle_is_rebuilt_though_no_page_changed(tmp_path):
    settings = settings_for(tmp_path)
    make_content(tmp_path / "content", sample_days())
    render_site(settings)
    shutil.rmtree(settings.site_dir / "pagefind")
    render_site(settings)
    assert indexed_pages(settings.site_dir) == 5  # 2606.00001 was announced on both days


def shard_files(site: Path, shard: str) -> dict[str, int]:
    folder = site / "pagefind" / shard
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def shards(site: Path) -> list[str]:
    return json.loads((site / "pagefind/shards.json").read_text())["shards"]


def test_a_new_day_indexes_only_its_own_shard_and_old_shards_stay_untouched(tmp_path):
    settings = settings_for(tmp_path)
    # 2606.00004 has an FAQ and is replaced on the new day: its FAQ (of v1) stays where it was.
    make_content(tmp_path / "content", sample_days(), [faq("2606.00004")])
    render_site(settings)
    before = {name: shard_files(settings.site_dir, name) for name in shards(settings.site_dir)}
    replaced = [paper("2606.00001", kind="replace", version=3), paper("2606.00004", kind="replace", version=2)]
    make_content(tmp_path / "content", [day("2026-06-24", [paper("2606.00010"), *replaced])])
    render_site(settings)
    assert {name: shard_files(settings.site_dir, name) for name in before} == before
    assert shards(settings.site_dir) == ["2026-06-24", "2026-06-23", "2026-06-22"]
    # The replaced papers are in the new day's shard too (the reader's script shows each once).
    assert indexed_pages(settings.site_dir) == 5 + 3


def test_a_damaged_shard_is_rebuilt_though_its_stamp_matches(tmp_path):
    settings = settings_for(tmp_path)
    make_content(tmp_path / "content", sample_days())
    render_site(settings)
    meta = next((settings.site_dir / "pagefind/2026-06-23").glob("pagefind.*.pf_meta"))
    meta.unlink()
    render_site(settings)
    assert next((settings.site_dir / "pagefind/2026-06-23").glob("pagefind.*.pf_meta")).is_file()


def test_a_day_that_leaves_the_page_window_leaves_the_index(tmp_path):
    settings = settings_for(tmp_path, paper_page_days=1)
    make_content(tmp_path / "content", sample_days())
    render_site(settings)
    assert shards(settings.site_dir) == ["2026-06-23"]
    make_content(tmp_path / "content", [day("2026-06-29", [paper("2606.00010")])])
    render_site(settings)
    assert shards(settings.site_dir) == ["2026-06-29"]
    assert not (settings.site_dir / "pagefind/2026-06-23").exists()
    assert indexed_pages(settings.site_dir) == 1


def test_a_new_day_leaves_the_previous_days_pages_untouched(tmp_path):
    settings = settings_for(tmp_path)
    make_content(tmp_path / "content", sample_days())
    render_site(settings, with_search=False)
    site = settings.site_dir
    older = ["cs.AI/2026-06-23/index.html", "days/2026-06-23/index.html", "cs/2026-06-23/index.html"]
    before = {rel: (site / rel).stat().st_mtime_ns for rel in older}
    make_content(tmp_path / "content", [day("2026-06-24", [paper("2606.00010"), paper("2606.00011", ("cs.CL",))])])
    report = render_site(settings, with_search=False)
    assert {rel: (site / rel).stat().st_mtime_ns for rel in older} == before
    # The next day is found in the listing's small days.json instead.
    days = json.loads((site / "cs.AI/days.json").read_text())["days"]
    assert days[-2:] == [["2026-06-23", "cs.AI/2026-06-23/"], ["2026-06-24", "cs.AI/2026-06-24/"]]
    assert report.stats.written < 40, report.summary()


def test_a_shard_whose_pagefind_fails_fails_the_render_and_only_it_is_rebuilt(tmp_path, monkeypatch):
    # A real pagefind, behind a wrapper that exits 3 for one day's shard: the other shard is built
    # (by whichever pagefind thread takes it), the render fails naming the shard, and the next run
    # builds that shard alone.
    from generator.render.pagefind import pagefind_executable

    real, flag = pagefind_executable(), tmp_path / "fail-2026-06-22"
    wrapper = tmp_path / "pagefind-failing"  # one binary for both runs: the shards' keys name it
    wrapper.write_text(
        f'#!/bin/sh\nif [ -e "{flag}" ]; then case "$*" in *.2026-06-22.new*) echo "disk on fire" >&2; exit 3;; esac; fi\n'
        f'exec "{real}" "$@"\n'
    )
    wrapper.chmod(0o755)
    flag.touch()
    settings = settings_for(tmp_path)
    make_content(tmp_path / "content", sample_days())
    monkeypatch.setenv(PAGEFIND_ENV, str(wrapper))
    with pytest.raises(RenderError, match=r"shard 2026-06-22 \(exit 3\): disk on fire"):
        render_site(settings)
    built = shard_files(settings.site_dir, "2026-06-23")
    assert not (settings.site_dir / "pagefind/2026-06-22").exists()
    flag.unlink()
    render_site(settings)
    assert shard_files(settings.site_dir, "2026-06-23") == built  # left as the failed run built it
    assert shards(settings.site_dir) == ["2026-06-23", "2026-06-22"]


def test_a_faq_changed_before_its_search_documents_are_written_fails_by_name(tmp_path, monkeypatch):
    # The first shard's documents are written by a forked process (search.Staging), which parses
    # the FAQs it carries from the bytes the shard was keyed by: an edit in between is an error
    # that names the file, handed back to the render, not a stale record.
    from generator.render import contentmemo, search, searchrecords, stage
    from generator.render.assets import static_files
    from generator.render.catalog import content_key
    from generator.render.keys import code_version

    monkeypatch.setattr(contentmemo, "_RACY_NS", 0)  # the files were written a moment ago
    content = tmp_path / "content"
    make_content(content, sample_days(), [faq("2606.00003", html="<p>One.</p>")])
    settings = settings_for(tmp_path)
    render_site(settings, with_search=False)  # the memo learns the FAQ: the next load does not parse it
    memo = contentmemo.ContentMemo(settings.site_dir, facts_key=code_version())
    content_key(settings, memo=memo)
    catalog, chosen = stage._load(settings, static_files(), memo)
    window = set(searchrecords.window_of(catalog, chosen.page_days))
    count, folder = search.Staging.start(catalog, "2026-06-23", window).result()
    written = (folder / "site").is_dir()
    shutil.rmtree(folder)
    assert written and count == len({p.id for p in catalog.days["2026-06-23"].papers}) > 1  # each paper, as documents
    make_content(content, [], [faq("2606.00003", html="<p>Two.</p>")])
    staging = search.Staging.start(catalog, "2026-06-23", window)
    with pytest.raises(RenderError, match=r"writing the search documents: RenderError: .*2606\.00003\.json: changed"):
        staging.result()


def test_a_staging_process_killed_before_it_answers_leaves_no_scratch_folder(tmp_path, monkeypatch):
    # SIGKILL or the OOM killer gives the forked process no chance to clean up: the parent made
    # its scratch folder, so the parent removes it, and says how the process ended.
    from generator.render import search
    from generator.render.catalog import load_catalog

    make_content(tmp_path / "content", sample_days())
    catalog = load_catalog(settings_for(tmp_path))
    gate, never = os.pipe()  # nothing is ever written to `never`: the child blocks until killed

    def blocked(*args, **kwargs):
        os.read(gate, 1)

    monkeypatch.setattr(search, "day_records", blocked)
    try:
        staging = search.Staging.start(catalog, catalog.dates[-1], set(catalog.dates))
        assert staging.folder is not None and staging.folder.is_dir()
        os.kill(staging.process.pid, signal.SIGKILL)
        with pytest.raises(RenderError, match="exited with code -9"):
            staging.result()
        assert not staging.folder.exists()
    finally:
        os.close(gate)
        os.close(never)
