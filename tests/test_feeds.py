"""Atom feeds checked against the MUSTs of RFC 4287 section 4 (lxml/XPath) and parsed by feedparser;
the OPML by listparser; the window policy (issue 15) on small days, days over the caps and a
realistic all-of-arXiv day from benchmarks/corpus.py."""

from __future__ import annotations

import dataclasses
import re

import feedparser
import listparser
import pytest
from lxml import etree
from test_render_support import (
    HOSTILE_ABSTRACT,
    HOSTILE_AUTHOR,
    HOSTILE_TITLE,
    day,
    make_content,
    paper,
    sample_days,
    settings_for,
)

from generator.content.model import Author
from generator.render.stage import render_site

NS = {"a": "http://www.w3.org/2005/Atom"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ABSOLUTE_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def rfc4287_problems(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    problems: list[str] = []

    def one(node, name: str, where: str) -> None:
        found = node.xpath(f"a:{name}", namespaces=NS)
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{name}")
        elif not (found[0].text or "").strip():
            problems.append(f"{where}: empty atom:{name}")
        elif name == "updated" and not RFC3339.match(found[0].text):
            problems.append(f"{where}: updated {found[0].text!r} is not RFC 3339 with offset")
        elif name == "id" and not ABSOLUTE_IRI.match(found[0].text):
            problems.append(f"{where}: id {found[0].text!r} is not an absolute IRI")

    def alternates(node, where: str) -> None:
        seen = set()
        for link in node.xpath("a:link", namespaces=NS):
            if link.get("rel", "alternate") == "alternate":
                key = (link.get("type"), link.get("hreflang"))
                if key in seen:
                    problems.append(f"{where}: duplicate alternate link {key}")
                seen.add(key)

    if root.tag != "{http://www.w3.org/2005/Atom}feed":
        return [f"root is {root.tag}"]
    for name in ("id", "title", "updated"):
        one(root, name, "feed")
    if len(root.xpath("a:link[@rel='self']", namespaces=NS)) != 1:
        problems.append("feed: not exactly one rel=self link")
    alternates(root, "feed")
    feed_author = bool(root.xpath("a:author/a:name", namespaces=NS))
    ids = []
    for i, entry in enumerate(root.xpath("a:entry", namespaces=NS)):
        where = f"entry {i}"
        for name in ("id", "title", "updated"):
            one(entry, name, where)
        ids.extend(entry.xpath("a:id/text()", namespaces=NS))
        if not feed_author and not entry.xpath("a:author/a:name[normalize-space()]", namespaces=NS):
            problems.append(f"{where}: no author")
        if not entry.xpath("a:content", namespaces=NS) and not entry.xpath(
            "a:link[not(@rel) or @rel='alternate']", namespaces=NS
        ):
            problems.append(f"{where}: neither content nor alternate link")
        alternates(entry, where)
        for summary in entry.xpath("a:summary", namespaces=NS):
            if summary.get("type", "text") == "text" and len(summary):
                problems.append(f"{where}: markup inside a text summary")
    if len(ids) != len(set(ids)):
        problems.append("duplicate entry ids")
    return problems


@pytest.fixture()
def built(tmp_path):
    hostile = paper(
        "2606.00009",
        ("cs.CL", "cs.AI"),
        title=HOSTILE_TITLE,
        abstract=HOSTILE_ABSTRACT,
        authors=(Author(HOSTILE_AUTHOR),),
        updated="2026-06-20T12:30:00Z",
        published="2026-06-19T08:00:00Z",
    )
    days = sample_days()
    days[1] = dataclasses.replace(days[1], papers=days[1].papers + (hostile,))
    make_content(tmp_path / "content", days)
    settings = settings_for(tmp_path, base_url="https://user.github.io/repo/")
    render_site(settings)
    return settings


def feeds_of(site):
    return sorted((site / "feeds").glob("*.atom"))


def test_every_feed_meets_rfc4287_musts(built):
    feeds = feeds_of(built.site_dir)
    assert {f.name for f in feeds} == {"all.atom", "cs.atom", "cs.AI.atom", "cs.CL.atom"}
    for path in feeds:
        assert rfc4287_problems(path.read_bytes()) == [], path.name


def test_feeds_parse_with_feedparser_and_count_entries(built):
    # 2606.00001 is announced twice (v1, then v2): two entries.
    expected = {"all.atom": 6, "cs.AI.atom": 6, "cs.CL.atom": 2, "cs.atom": 6}
    for path in feeds_of(built.site_dir):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path.name, parsed.get("bozo_exception"))
        assert len(parsed.entries) == expected[path.name], path.name


def test_feed_links_ids_and_order(built):
    root = etree.fromstring((built.site_dir / "feeds/cs.AI.atom").read_bytes())
    assert root.xpath("a:link[@rel='self']/@href", namespaces=NS) == ["https://user.github.io/repo/feeds/cs.AI.atom"]
    assert root.xpath("a:id/text()", namespaces=NS) == ["https://user.github.io/repo/feeds/cs.AI.atom"]
    entries = root.xpath("a:entry", namespaces=NS)
    # Newest day first, arXiv order inside a day; one entry per announced version.
    assert [e.xpath("string(a:id)", namespaces=NS) for e in entries] == [
        "https://arxiv.org/abs/" + i
        for i in ("2606.00003v1", "2606.00004v1", "2606.00009v1", "2606.00001v2", "2606.00001v1", "2606.00002v1")
    ]
    for entry in entries:
        links = entry.xpath("a:link", namespaces=NS)
        assert len(links) == 1 and links[0].get("rel") == "alternate" and links[0].get("type") == "text/html"
    assert entries[0].xpath("a:link/@href", namespaces=NS) == ["https://user.github.io/repo/arxiv/2606.00003/"]
    assert entries[0].xpath("a:category/@term", namespaces=NS) == ["cs.AI"]


def test_hostile_text_is_escaped_and_control_chars_stripped_in_feeds(built):
    raw = (built.site_dir / "feeds/all.atom").read_bytes()
    assert b"<script>" not in raw and b"\x0c" not in raw
    root = etree.fromstring(raw)
    entry = root.xpath("a:entry[a:id='https://arxiv.org/abs/2606.00009v1']", namespaces=NS)[0]
    assert entry.xpath("string(a:title)", namespaces=NS) == HOSTILE_TITLE
    assert entry.xpath("string(a:author/a:name)", namespaces=NS) == HOSTILE_AUTHOR
    assert entry.xpath("string(a:summary)", namespaces=NS) == HOSTILE_ABSTRACT.replace("\x0c", "")
    # The announcement, not the submission (2026-06-19) nor the API's updated time.
    assert entry.xpath("string(a:updated)", namespaces=NS) == "2026-06-23T00:00:00-04:00"
    assert entry.xpath("string(a:published)", namespaces=NS) == "2026-06-23T00:00:00-04:00"


def test_feed_ids_are_stable_across_rebuilds_and_new_days(built):
    def ids():
        out = {}
        for path in feeds_of(built.site_dir):
            root = etree.fromstring(path.read_bytes())
            out[path.name] = root.xpath("string(a:id)", namespaces=NS)
            out.update({e: e for e in root.xpath("a:entry/a:id/text()", namespaces=NS)})
        return out

    before = ids()
    render_site(built)
    assert ids() == before
    make_content(built.content_dir, [day("2026-06-24", [paper("2606.00020")])])
    render_site(built)
    after = ids()
    assert {k: v for k, v in after.items() if k in before} == before


def test_feed_updated_never_uses_the_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    make_content(tmp_path / "content", [day("2026-06-23", [paper("2606.00001")], categories=("cs.AI", "cs.CL"))])
    settings = settings_for(tmp_path, feed_days=0)
    render_site(settings)
    root = etree.fromstring((settings.site_dir / "feeds/all.atom").read_bytes())
    assert root.xpath("string(a:updated)", namespaces=NS) == "1970-01-02T00:00:00+00:00"
    assert rfc4287_problems(etree.tostring(root)) == []


def test_relative_build_feeds_are_valid_and_self_is_relative(tmp_path):
    make_content(tmp_path / "content", sample_days())
    settings = settings_for(tmp_path)
    render_site(settings)
    for path in feeds_of(settings.site_dir):
        assert rfc4287_problems(path.read_bytes()) == [], path.name
    root = etree.fromstring((settings.site_dir / "feeds/cs.AI.atom").read_bytes())
    assert root.xpath("a:link[@rel='self']/@href", namespaces=NS) == ["cs.AI.atom"]
    assert root.xpath("string(a:id)", namespaces=NS) == "tag:arxiv-digest.invalid,2026:feeds/cs.AI"


def test_opml_lists_every_feed(built):
    parsed = listparser.parse((built.site_dir / "feeds.opml").read_text("utf-8"))
    assert not parsed.bozo
    urls = sorted(f.url for f in parsed.feeds)
    assert urls == sorted(f"https://user.github.io/repo/feeds/{p.name}" for p in feeds_of(built.site_dir))


def test_pages_with_feeds_have_autodiscovery_links(built):
    from lxml import html

    page = html.fromstring((built.site_dir / "cs.AI/index.html").read_bytes())
    hrefs = page.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href")
    assert "https://user.github.io/repo/feeds/cs.AI.atom" in hrefs
    home = html.fromstring((built.site_dir / "index.html").read_bytes())
    titles = home.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@title")
    assert len(titles) == 4 and len(set(titles)) == 4


def test_feed_max_entries_never_cuts_the_newest_day(tmp_path):
    # Issue 15: the cap applies to older days only. cs.AI's newest day has 3 entries, the cap is 2:
    # all 3 stay (a reader polling daily would otherwise miss one) and no older day is added.
    make_content(tmp_path / "content", sample_days())
    settings = settings_for(tmp_path, feed_max_entries=2)
    render_site(settings)
    root = etree.fromstring((settings.site_dir / "feeds/cs.AI.atom").read_bytes())
    ids = [e.xpath("string(a:id)", namespaces=NS) for e in root.xpath("a:entry", namespaces=NS)]
    assert ids == ["https://arxiv.org/abs/" + i for i in ("2606.00003v1", "2606.00004v1", "2606.00001v2")]
    assert rfc4287_problems((settings.site_dir / "feeds/all.atom").read_bytes()) == []
    # With room for 5, the older day (2 entries) fits whole and follows.
    render_site(dataclasses.replace(settings, feed_max_entries=5))
    root = etree.fromstring((settings.site_dir / "feeds/cs.AI.atom").read_bytes())
    assert len(root.xpath("a:entry", namespaces=NS)) == 5


def test_blank_titles_and_author_names_get_placeholders_not_a_crash(tmp_path):
    blank = paper("2606.00010", title="\x01\x02  ", authors=(Author("\x00"), Author(" ")))
    half = paper("2606.00012", title="Fine", authors=(Author("\x0b"), Author("Ada Lovelace")))
    make_content(tmp_path / "content", [day("2026-06-23", [blank, half])])
    settings = settings_for(tmp_path, site_title="")
    render_site(settings)
    raw = (settings.site_dir / "feeds/all.atom").read_bytes()
    assert rfc4287_problems(raw) == []
    parsed = feedparser.parse(raw)
    assert not parsed.bozo and parsed.feed.title == "all papers"
    by_id = {e.id: e for e in parsed.entries}
    assert by_id["https://arxiv.org/abs/2606.00010v1"].title == "arXiv:2606.00010"
    assert [a.name for a in by_id["https://arxiv.org/abs/2606.00010v1"].authors] == ["Unknown"]
    assert [a.name for a in by_id["https://arxiv.org/abs/2606.00012v1"].authors] == ["Ada Lovelace"]


def _real_days(*dates):
    from joined import day_feed

    from generator.content.model import Day
    from generator.fetch.listing import parse_listing

    codes = ("cs.CL", "cs.CV", "cs.MM", "cs.LG", "cs.SI")
    return [Day(d, codes, parse_listing(day_feed(d), d).papers) for d in dates]


def _reader_view(site):
    """What a feed reader keeps: entry ids (its read marks) and the newest-first order it shows."""
    parsed = feedparser.parse((site / "feeds/all.atom").read_bytes())
    assert not parsed.bozo
    ordered = sorted(parsed.entries, key=lambda e: e.published_parsed, reverse=True)
    return {e.id for e in parsed.entries}, [e.id for e in ordered], {e.id: e for e in parsed.entries}


def test_a_replacement_is_a_new_unread_entry_sorted_under_its_announcement(tmp_path):
    # Real days: 2506.02444 is announced v1 on 4 Jun, v2 on 5 Jun, v3 on 6 Jun. A reader that read
    # everything on 4 Jun must see v2 as a new entry on 5 Jun, at the top (not under its v1 date).
    from joined import DAYS

    settings = settings_for(tmp_path, categories=("cs.CL", "cs.CV", "cs.MM", "cs.LG", "cs.SI"), paper_page_days=0)
    make_content(settings.content_dir, _real_days(DAYS[0]))
    render_site(settings)
    read, _, _ = _reader_view(settings.site_dir)

    make_content(settings.content_dir, _real_days(DAYS[1]))
    render_site(settings)
    now, order, entries = _reader_view(settings.site_dir)

    unread = now - read
    assert "https://arxiv.org/abs/2506.02444v2" in unread
    assert "https://arxiv.org/abs/2506.02444v1" in read - unread  # the v1 entry is not new again
    day2 = {p.versioned_id for p in _real_days(DAYS[1])[0].papers}
    assert unread == {"https://arxiv.org/abs/" + v for v in day2}
    assert set(order[: len(day2)]) == unread  # all of 5 Jun sorts above 4 Jun
    assert entries["https://arxiv.org/abs/2506.02444v2"].title.endswith("(v2)")
    # Every replacement on 5 Jun (real: 71 replace, 14 replace-cross) is one of the unread entries.
    replaced = {p.versioned_id for p in _real_days(DAYS[1])[0].papers if p.is_replacement}
    assert len(replaced) == 85 and {"https://arxiv.org/abs/" + v for v in replaced} <= unread


def test_paper_page_without_a_primary_feed_offers_the_archive_or_all_feed(tmp_path):
    # A cs.AI reader: 2606.00008 (primary stat.ML, cross-listed to cs.AI) has no stat.ML feed.
    from lxml import html

    cross = paper("2606.00008", ("stat.ML", "cs.AI"), kind="cross")
    make_content(tmp_path / "content", [day("2026-06-23", [paper("2606.00003"), cross], categories=("cs.AI",))])
    settings = settings_for(tmp_path, base_url="https://user.github.io/repo/")
    render_site(settings)
    page = html.fromstring((settings.site_dir / "arxiv/2606.00008/index.html").read_bytes())
    hrefs = page.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href")
    assert hrefs == ["https://user.github.io/repo/feeds/cs.AI.atom", "https://user.github.io/repo/feeds/all.atom"]
    for href in hrefs:
        assert (settings.site_dir / href.removeprefix("https://user.github.io/repo/")).is_file()


def _manifest_key(site, rel):
    import json

    return json.loads((site / ".digest-manifest.json").read_bytes())["files"][rel][0]


def test_a_feed_whose_entries_did_not_change_is_neither_rebuilt_nor_rewritten(tmp_path):
    # A new day with only a cs.CL paper: cs.AI's entries are the same, so its key (it lists exactly
    # its entries) is the same: the writer neither builds nor writes it. cs.CL and all do change.
    make_content(tmp_path / "content", sample_days())
    settings = settings_for(tmp_path, base_url="https://user.github.io/repo/")
    render_site(settings)
    feed = settings.site_dir / "feeds/cs.AI.atom"
    before = (_manifest_key(settings.site_dir, "feeds/cs.AI.atom"), feed.stat().st_mtime_ns, feed.read_bytes())
    cl_before = (settings.site_dir / "feeds/cs.CL.atom").read_bytes()
    make_content(settings.content_dir, [day("2026-06-24", [paper("2606.00020", ("cs.CL",))])])
    render_site(settings)
    after = (_manifest_key(settings.site_dir, "feeds/cs.AI.atom"), feed.stat().st_mtime_ns, feed.read_bytes())
    assert after == before
    assert (settings.site_dir / "feeds/cs.CL.atom").read_bytes() != cl_before
    assert b"2606.00020v1" in (settings.site_dir / "feeds/all.atom").read_bytes()


def _text_day(date, count, cats=("cs.AI",), words=230, month="2606"):
    """A day of `count` papers with abstracts of real-world length (about 1,500 characters)."""
    text = " ".join(f"word{i % 97}" for i in range(words))
    papers = [paper(f"{month}.{i:05d}", cats, abstract=f"{date} paper {i}: {text}") for i in range(count)]
    return day(date, papers, categories=("cs.AI",))


def test_the_newest_day_is_whole_even_when_it_alone_is_over_the_size_cap(tmp_path):
    from generator.render.feedwindow import FEED_MAX_BYTES

    older = _text_day("2026-06-22", 5, month="2605")
    # 700 entries of about 1.9 KB: 1.3 MB in full, over the cap even at the shortest abstract.
    newest = _text_day("2026-06-23", 700, cats=("cs.AI", "cs.LG"))
    make_content(tmp_path / "content", [older, newest])
    settings = settings_for(tmp_path, categories=("cs.AI",), paper_page_days=0, feed_max_entries=10)
    render_site(settings)
    want = {"https://arxiv.org/abs/" + p.versioned_id for p in newest.papers}
    for name in ("all.atom", "cs.atom", "cs.AI.atom"):
        raw = (settings.site_dir / "feeds" / name).read_bytes()
        assert rfc4287_problems(raw) == [], name
        ids = set(etree.fromstring(raw).xpath("a:entry/a:id/text()", namespaces=NS))
        assert ids == want, name  # every paper of the newest day, no paper of the older day
        assert len(raw) > FEED_MAX_BYTES, name
    # The archive and all-papers feeds keep whole abstracts; the category feed shortens them.
    all_feed = feedparser.parse((settings.site_dir / "feeds/all.atom").read_bytes())
    assert all_feed.entries[0].summary == newest.papers[0].abstract
    category = feedparser.parse((settings.site_dir / "feeds/cs.AI.atom").read_bytes())
    assert all(e.summary.endswith(" …") and len(e.summary) < 400 for e in category.entries)


def test_a_category_day_over_the_cap_is_whole_with_shortened_abstracts_under_it(tmp_path):
    from generator.render.feedwindow import FEED_MAX_BYTES

    newest = _text_day("2026-06-23", 250)
    make_content(tmp_path / "content", [_text_day("2026-06-22", 3, month="2605"), newest])
    settings = settings_for(tmp_path, categories=("cs.AI",), paper_page_days=0)
    render_site(settings)
    raw = (settings.site_dir / "feeds/cs.AI.atom").read_bytes()
    assert len(raw) <= FEED_MAX_BYTES and rfc4287_problems(raw) == []
    parsed = feedparser.parse(raw)
    assert not parsed.bozo
    assert [e.id for e in parsed.entries] == ["https://arxiv.org/abs/" + p.versioned_id for p in newest.papers]
    for entry, source in zip(parsed.entries, newest.papers):
        shown = entry.summary.removesuffix(" …")
        assert entry.summary.endswith(" …") and source.abstract.startswith(shown) and len(shown) > 280


@pytest.fixture(scope="module")
def realistic(tmp_path_factory):
    """One all-of-arXiv day (1,500 entries over 155 categories, real text) after one older day."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import corpus

    work = tmp_path_factory.mktemp("realistic-feeds")
    corpus.write_corpus(work, 2, per_day=1500, seed=42)
    settings = dataclasses.replace(
        settings_for(work, base_url="https://user.github.io/repo/"), categories=corpus.archives(), paper_page_days=1
    )
    render_site(settings, with_search=False)
    return settings


def test_realistic_day_every_feed_holds_the_newest_day_whole_and_categories_fit_the_cap(realistic):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from feedcheck import missed_newest

    from generator.render.feedwindow import FEED_MAX_BYTES

    site = realistic.site_dir
    assert missed_newest(site, realistic.content_dir) == {}
    archives = {"all", *(f.stem for f in feeds_of(site) if "." not in f.stem)}
    sizes = {f.stem: f.stat().st_size for f in feeds_of(site)}
    assert len(sizes) > 150
    categories = {n: s for n, s in sizes.items() if n not in archives}
    assert max(categories.values()) <= FEED_MAX_BYTES, max(categories.items(), key=lambda kv: kv[1])
    shortened = 0
    for path in feeds_of(site):
        raw = path.read_bytes()
        assert rfc4287_problems(raw) == [], path.name
        parsed = feedparser.parse(raw)
        assert not parsed.bozo, path.name
        shortened += sum(e.summary.endswith(" …") for e in parsed.entries)
    assert shortened > 0  # the busiest categories' days are over the cap in full: the cut is exercised


def test_planned_feed_sizes_are_upper_bounds_of_the_real_bytes(realistic):
    # The window is chosen from sizes computed before any XML exists: they must never undercount
    # (real recorded text: accents, math, &, <), or a category feed could pass the cap.
    from generator.render import feeds, urls
    from generator.render.catalog import load_catalog
    from generator.render.keys import Shape

    catalog = load_catalog(realistic)  # paper_page_days=1: the newest day's papers link their pages
    planned = feeds.planned_bytes(catalog, urls.Linker.from_base_url(realistic.base_url), Shape.of(realistic))
    real = {f.stem: f.stat().st_size for f in feeds_of(realistic.site_dir)}
    assert planned.keys() == real.keys()
    for name, size in real.items():
        assert size <= planned[name] <= size * 1.2 + 2_000, name


def test_a_collaboration_paper_names_its_first_authors_not_thousands(tmp_path):
    # A real ATLAS/CMS paper lists about 3,000 authors: 100 KB in one entry, a third of the cap.
    big = paper("2606.00030", authors=tuple(Author(f"Author Number{i}") for i in range(3000)))
    make_content(tmp_path / "content", [day("2026-06-23", [big])])
    settings = settings_for(tmp_path)
    render_site(settings)
    raw = (settings.site_dir / "feeds/cs.AI.atom").read_bytes()
    assert rfc4287_problems(raw) == []
    names = [a.name for a in feedparser.parse(raw).entries[0].authors]
    assert names[:2] == ["Author Number0", "Author Number1"] and names[-1] == "and 2971 more" and len(names) == 30
    assert len(raw) < 5_000


def test_the_feeds_share_one_entry_cache_that_their_release_empties(tmp_path):
    # A paper sits in the all, archive and category feeds with one entry; once the writer has
    # written a batch of feeds it calls their release, and the entries go (render/writer.py).
    from generator.render.catalog import load_catalog
    from generator.render.feeds import feed_outputs
    from generator.render.keys import Keyring, Shape
    from generator.render.urls import Linker

    make_content(tmp_path / "content", sample_days())
    settings = settings_for(tmp_path)
    keys = Keyring("code", "assets", Shape.of(settings))
    outputs = list(feed_outputs(load_catalog(settings), Linker.from_base_url(""), keys))
    releases = {id(o.release) for o in outputs}
    assert len(outputs) > 3 and len(releases) == 1 and outputs[0].release is not None
    cache = outputs[0].release.__self__.entries
    for output in outputs:
        etree.fromstring(output.produce())
    assert cache  # the entries, built once for every feed
    outputs[0].release()
    assert not cache
