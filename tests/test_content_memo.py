"""The content key's memo (render/contentmemo.py): a rebuild reads only the content files whose stat
changed, and no edit passes for the old file, whatever its size and mtime."""

from __future__ import annotations

import json
import os

import pytest
from test_render_support import day, faq, make_content, paper, sample_days, settings_for

from generator.render import contentmemo
from generator.render.catalog import content_key
from generator.render.contentmemo import MEMO, ContentMemo
from generator.render.stage import render_site


@pytest.fixture
def no_racy_window(monkeypatch):
    """Files written by the test a moment ago count as settled (the window is for coarse clocks)."""
    monkeypatch.setattr(contentmemo, "_RACY_NS", 0)


def built(tmp_path):
    make_content(tmp_path / "content", sample_days(), [faq("2606.00001", html="<p>Answer one.</p>")])
    settings = settings_for(tmp_path)
    render_site(settings, with_search=False)
    return settings


def test_a_rebuild_reads_only_the_content_files_that_changed(tmp_path, no_racy_window):
    settings = built(tmp_path)
    memo = ContentMemo(settings.site_dir)
    assert content_key(settings, memo=memo) == content_key(settings) and memo.read == 0
    make_content(tmp_path / "content", [day("2026-06-24", [paper("2606.00011", ("cs.AI",))])])
    memo = ContentMemo(settings.site_dir)
    assert content_key(settings, memo=memo) == content_key(settings)
    assert memo.read == 1  # the new day's file


def test_a_same_size_edit_that_keeps_the_mtime_is_rendered(tmp_path, no_racy_window):
    settings = built(tmp_path)
    path = tmp_path / "content" / "faqs" / "2606.00001.json"
    page = settings.site_dir / "arxiv" / "2606.00001" / "index.html"
    old, stat = path.read_bytes(), path.stat()
    assert b"Answer one." in old and b"Answer one." in page.read_bytes()
    new = old.replace(b"Answer one.", b"Answer two.")
    with open(path, "r+b") as f:  # in place: same inode, same size
        f.write(new)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as `touch -r` or `cp -p` would leave it
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    report = render_site(settings, with_search=False)
    assert report.stats.written > 0
    assert b"Answer two." in page.read_bytes()


def test_files_changed_just_before_the_memo_is_written_are_read_again(tmp_path):
    settings = built(tmp_path)  # the content was written a moment ago: inside the racy window
    rows = json.loads((settings.site_dir / MEMO).read_bytes())["files"]
    assert rows == {}
    memo = ContentMemo(settings.site_dir)
    content_key(settings, memo=memo)
    assert memo.read == len(memo.rows) > 0


@pytest.mark.parametrize("damage", [b"{not json", b'{"version": 1, "files": {"days/x.json": "bad"}}', b"[]"])
def test_a_damaged_memo_means_every_file_is_read(tmp_path, no_racy_window, damage):
    settings = built(tmp_path)
    (settings.site_dir / MEMO).write_bytes(damage)
    memo = ContentMemo(settings.site_dir)
    assert content_key(settings, memo=memo) == content_key(settings)
    assert memo.read == len(memo.rows) > 0
    assert render_site(settings, with_search=False).stats.written == 0  # and the build is a no-op
