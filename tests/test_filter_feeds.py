"""Saved-filter Atom feeds (issue 14 item 6): configured in [tool.digest.filter_feeds.<name>], each
is a valid feed of exactly the matching papers, listed in feeds.opml and autodiscovered on the pages
it matches; a bad filter is one line of ConfigError naming it."""

from __future__ import annotations

import json

import feedparser
import listparser
import pytest
from lxml import etree, html
from test_feeds import NS, rfc4287_problems
from test_render_support import day, make_content, paper

from generator.cli import main as digest
from generator.config import FilterFeed, load_settings
from generator.errors import ConfigError
from generator.render.stage import render_site

BASE = "https://user.github.io/repo/"
CONFIG = f"""
[tool.digest]
categories = ["cs.CV", "cs.AI"]
base_url = "{BASE}"

[tool.digest.filter_feeds.diffusion]
keywords = ["diffusion", "score matching"]
exclude = ["survey"]
categories = ["cs.CV"]

[tool.digest.filter_feeds.lovelace]
authors = ["Lovelace"]
"""
ADA, ALAN = "Ada Lovelace", "Alan Turing"


def _p(pid, cats, title, abstract="An abstract.", author=ALAN, **kw):
    from generator.content.model import Author

    return paper(pid, cats, title=title, abstract=abstract, authors=(Author(author),), **kw)


def days():
    older = [_p("2606.00010", ("cs.CV",), "Diffusion on graphs")]
    newest = [
        _p("2606.00001", ("cs.CV",), "Diffusion models for video"),
        _p("2606.00002", ("cs.CV",), "A Survey of diffusion models"),  # excluded
        _p("2606.00003", ("cs.AI",), "Diffusion for planning", author=ADA),  # not in cs.CV
        _p("2606.00004", ("cs.AI", "cs.CV"), "Sampling", "We use score\n matching here.", kind="cross"),
        _p("2606.00005", ("cs.CV",), "Diffusional transport", "Anisotropic diffusivity."),  # no whole word
        _p("2606.00006", ("cs.CV",), "Generative models", "We study DIFFUSION.", author="Bo Lovelaceson"),
        _p("2606.00010", ("cs.CV",), "Diffusion on graphs", kind="replace", version=2),
    ]
    return [day("2026-06-22", older, ("cs.CV", "cs.AI")), day("2026-06-23", newest, ("cs.CV", "cs.AI"))]


def abs_ids(*versioned):
    return {"https://arxiv.org/abs/" + v for v in versioned}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("filter-feeds")
    (root / "pyproject.toml").write_text(CONFIG)
    make_content(root / "content", days())
    settings = load_settings(
        root / "pyproject.toml", env={}, overrides={"content_dir": root / "content", "site_dir": root / "site"}
    )
    render_site(settings, with_search=False)
    return settings


def entry_ids(site, name):
    raw = (site / "feeds" / f"{name}.atom").read_bytes()
    assert rfc4287_problems(raw) == [], name
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, name
    return {e.id for e in parsed.entries}


def test_a_filter_feed_holds_exactly_the_matching_papers(built):
    site = built.site_dir
    # Keywords OR, categories AND, exclude wins, whole words, any case, phrases across line breaks.
    assert entry_ids(site, "filter-diffusion") == abs_ids(
        "2606.00001v1", "2606.00004v1", "2606.00006v1", "2606.00010v2", "2606.00010v1"
    )
    assert entry_ids(site, "filter-lovelace") == abs_ids("2606.00003v1")
    root = etree.fromstring((site / "feeds/filter-diffusion.atom").read_bytes())
    assert root.xpath("string(a:title)", namespaces=NS) == "arXiv Daily Digest — filter diffusion"
    assert root.xpath("a:link[@rel='self']/@href", namespaces=NS) == [BASE + "feeds/filter-diffusion.atom"]


def test_filter_feeds_are_in_the_opml(built):
    parsed = listparser.parse((built.site_dir / "feeds.opml").read_text("utf-8"))
    assert not parsed.bozo
    urls = {f.url for f in parsed.feeds}
    assert {BASE + "feeds/filter-diffusion.atom", BASE + "feeds/filter-lovelace.atom"} <= urls
    for url in urls:
        assert (built.site_dir / url.removeprefix(BASE)).is_file(), url
    outlines = etree.fromstring((built.site_dir / "feeds.opml").read_bytes()).iter("outline")
    pages = {o.get("xmlUrl"): o.get("htmlUrl") for o in outlines}
    assert pages[BASE + "feeds/filter-diffusion.atom"] == BASE
    for page in pages.values():
        assert (built.site_dir / (page.removeprefix(BASE) + "index.html")).is_file(), page


def discovered(site, page):
    tree = html.fromstring((site / page).read_bytes())
    return set(tree.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href"))


def test_filter_feeds_are_autodiscovered_on_the_pages_they_match_only(built):
    site = built.site_dir
    diffusion, lovelace = BASE + "feeds/filter-diffusion.atom", BASE + "feeds/filter-lovelace.atom"
    pages = ("index.html", "cs.CV/2026-06-23/index.html", "cs.CV/2026-06-22/index.html", "cs.CV/index.html")
    for page in (*pages, "days/2026-06-22/index.html"):  # a day page holds every category
        assert {diffusion, lovelace} <= discovered(site, page), page
    for page in ("cs.AI/2026-06-23/index.html", "cs.AI/index.html"):
        assert lovelace in discovered(site, page) and diffusion not in discovered(site, page), page
    assert diffusion not in discovered(site, "arxiv/2606.00001/index.html")
    home = html.fromstring((site / "index.html").read_bytes())
    titles = home.xpath("//head/link[@type='application/atom+xml']/@title")
    assert len(titles) == len(set(titles)) and any("filter diffusion" in t for t in titles)


BAD = {
    "unknown key": ('[tool.digest.filter_feeds.x]\nkeyword = ["a"]\n', "filter feed 'x': unknown key 'keyword'"),
    "empty name": ('[tool.digest.filter_feeds.""]\nkeywords = ["a"]\n', "filter feed ''"),
    "not a list": ('[tool.digest.filter_feeds.x]\nkeywords = "a"\n', "filter feed 'x': keywords must be a list"),
    "not strings": ("[tool.digest.filter_feeds.x]\nauthors = [1]\n", "filter feed 'x': authors must be a list"),
    "bad category": (
        '[tool.digest.filter_feeds.x]\ncategories = ["cs.XX"]\n',
        "filter feed 'x': unknown arXiv category",
    ),
    "matches all": ('[tool.digest.filter_feeds.x]\nexclude = ["a"]\n', "filter feed 'x': give keywords"),
    "not a table": ("[tool.digest]\nfilter_feeds = 3\n", "setting filter_feeds: must be a table"),
    "filter not a table": ("[tool.digest.filter_feeds]\nx = 3\n", "filter feed 'x': must be a table"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_filter_is_one_line_of_config_error_naming_it(tmp_path, case):
    text, message = BAD[case]
    path = tmp_path / "pyproject.toml"
    path.write_text(text if text.startswith("[tool.digest]") else "[tool.digest]\n" + text)
    with pytest.raises(ConfigError) as err:
        load_settings(path, env={})
    assert message in str(err.value) and "\n" not in str(err.value)


def test_the_cli_reports_a_bad_filter_in_one_line(tmp_path, capsys):
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.digest.filter_feeds.mine]\nkeywords = ["a"]\nextra = 1\n')
    code = digest(["render", "--config", str(path), "--content", str(tmp_path / "c"), "--site", str(tmp_path / "s")])
    err = capsys.readouterr().err.strip()
    assert code != 0 and len(err.splitlines()) == 1 and "filter feed 'mine'" in err


def test_filters_from_the_environment_are_json_tables(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no config file here
    settings = load_settings(None, env={"DIGEST_FILTER_FEEDS": json.dumps({"gan": {"keywords": ["GAN"]}})})
    assert settings.filter_feeds == (FilterFeed("gan", keywords=("GAN",)),)
    with pytest.raises(ConfigError, match="filter_feeds"):
        load_settings(None, env={"DIGEST_FILTER_FEEDS": "gan"})
