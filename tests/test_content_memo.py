"""The content key's memo (render/contentmemo.py): a rebuild reads only the content files whose stat
changed, and no edit passes for the old file, whatever its size and mtime."""

from __future__ import annotations

import json
import os
from types import SimpleNamespace

import pytest
from test_render_support import day, faq, make_content, paper, sample_days, settings_for

from generator.content.store import ContentStore
from generator.errors import RenderError
from generator.render import contentmemo, dayfacts, retention, searchrecords, stage
from generator.render.assets import static_files
from generator.render.catalog import content_key, load_catalog
from generator.render.contentmemo import MEMO, ContentMemo
from generator.render.faqshelf import FaqShelf, file_digest
from generator.render.keys import code_version
from generator.render.stage import render_site


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


def test_the_racy_window_is_counted_from_when_the_stats_were_taken(tmp_path, monkeypatch):
    # A file whose stat was taken a second after it was written could still change within that
    # tick: it is not remembered, however long the build ran before the memo is saved.
    make_content(tmp_path / "content", sample_days())
    settings = settings_for(tmp_path)
    settings.site_dir.mkdir()
    written = max(p.stat().st_ctime_ns for p in (tmp_path / "content").rglob("*.json"))
    now = {"ns": written + 1_000_000_000}  # the stats are taken a second after the writes
    monkeypatch.setattr(contentmemo, "time", SimpleNamespace(time_ns=lambda: now["ns"]))
    memo = ContentMemo(settings.site_dir)
    content_key(settings, memo=memo)
    now["ns"] = written + 60_000_000_000  # a minute of rendering later
    memo.save()
    assert json.loads((settings.site_dir / MEMO).read_bytes())["files"] == {}


@pytest.mark.parametrize("damage", [b"{not json", b'{"version": 1, "files": {"days/x.json": "bad"}}', b"[]"])
def test_a_damaged_memo_means_every_file_is_read(tmp_path, no_racy_window, damage):
    settings = built(tmp_path)
    (settings.site_dir / MEMO).write_bytes(damage)
    memo = ContentMemo(settings.site_dir)
    assert content_key(settings, memo=memo) == content_key(settings)
    assert memo.read == len(memo.rows) > 0
    assert render_site(settings, with_search=False).stats.written == 0  # and the build is a no-op


def parsed_faqs(monkeypatch) -> list[str]:
    """The ids of the FAQ files the render parses from now on (the store's own reader, observed)."""
    seen: list[str] = []
    real = ContentStore.read_faq_bytes

    def observed(self, arxiv_id):
        seen.append(arxiv_id)
        return real(self, arxiv_id)

    monkeypatch.setattr(ContentStore, "read_faq_bytes", observed)
    return seen


def test_a_rebuild_parses_only_the_faqs_whose_files_changed(tmp_path, no_racy_window, monkeypatch):
    ids = ("2606.00001", "2606.00002", "2606.00003")
    content = tmp_path / "content"
    make_content(content, sample_days(), [faq(i, html=f"<p>Answer of {i}.</p>") for i in ids])
    settings = settings_for(tmp_path)
    seen = parsed_faqs(monkeypatch)
    render_site(settings, with_search=False)
    assert sorted(seen) == list(ids)  # the first build parses every FAQ (and the memo learns them)
    seen.clear()
    make_content(content, [], [faq(ids[1], version=2, html="<p>Answer two.</p>")])
    report = render_site(settings, with_search=False)
    assert seen == [ids[1]] and report.stats.written > 0  # parsed once: its pages reuse that parse
    pages = settings.site_dir / "arxiv"
    assert b"Answer two." in (pages / ids[1] / "index.html").read_bytes()
    assert b"Answer of 2606.00001." in (pages / ids[0] / "index.html").read_bytes()
    # The same bytes, keyed by the version read from the memo: the search record of each FAQ goes
    # with the version it was written for, whether its file was parsed or not.
    seen.clear()
    catalog, chosen = stage._load(settings, static_files(), memo_of(settings))
    assert catalog.faq_versions == {ids[0]: 1, ids[1]: 2, ids[2]: 1}
    searchrecords.shard_keys(catalog, chosen.page_days)  # keys every shard: FAQs by digest and version
    assert seen == []
    assert catalog.faq_version(ids[1]) == load_catalog(settings).faqs[ids[1]].version == 2


def memo_of(settings, facts_key=None) -> ContentMemo:
    memo = ContentMemo(settings.site_dir, facts_key=code_version() if facts_key is None else facts_key)
    content_key(settings, memo=memo)
    return memo


def test_the_memo_s_facts_hold_only_for_the_code_that_learnt_them(tmp_path, no_racy_window):
    settings = built(tmp_path)
    name = "faqs/2606.00001.json"
    assert memo_of(settings).fact(name) == {"version": 1}
    assert memo_of(settings, facts_key="other code").fact(name) is None
    assert memo_of(settings, facts_key="other code").digest(name) == memo_of(settings).digest(name)
    memo = memo_of(settings)
    memo.learn(name, "not the digest of its bytes", {"version": 7})
    assert memo.fact(name) == {"version": 1}


def test_the_listing_bytes_the_memo_remembers_are_those_of_the_day_files(tmp_path, no_racy_window):
    settings = built(tmp_path)
    store = ContentStore(settings.content_dir)
    known = dayfacts.known_listing_bytes(store, memo_of(settings))
    catalog = load_catalog(settings)
    assert known and known == {d: (catalog.day_digests[d], v) for d, v in retention.listing_bytes(catalog).items()}
    make_content(settings.content_dir, [day("2026-06-22", [paper("2606.00001", ("cs.AI",))])])  # a changed day
    assert "2026-06-22" not in dayfacts.known_listing_bytes(store, memo_of(settings))


def test_a_faq_changed_during_the_render_fails_it_rather_than_go_out_under_a_stale_key(tmp_path):
    store = make_content(tmp_path / "content", [], [faq("2606.00001", html="<p>Old.</p>")])
    shelf = FaqShelf(store, {"2606.00001": file_digest(store.faq_path("2606.00001").read_bytes())}, {})
    assert "2606.00001" in shelf and "2606.00009" not in shelf and shelf.get("2606.00009") is None
    make_content(tmp_path / "content", [], [faq("2606.00001", html="<p>New.</p>")])
    with pytest.raises(RenderError, match=r"2606\.00001\.json: changed while the site was rendered"):
        shelf["2606.00001"]
