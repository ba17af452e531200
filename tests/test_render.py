"""Render: pages, escaping, FAQ display, determinism, incremental builds, budgets and link integrity."""

from __future__ import annotations

import dataclasses
import gc
import http.client
import json
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from test_render_support import (
    HOSTILE_ABSTRACT,
    HOSTILE_AUTHOR,
    HOSTILE_TITLE,
    broken_file_links,
    crawl_http,
    day,
    faq,
    make_content,
    paper,
    sample_days,
    settings_for,
    site_files,
)

from generator.config import Settings as _Settings
from generator.content.model import Author
from generator.errors import RenderError
from generator.render import pool
from generator.render.keys import Keyring, Shape
from generator.render.serve import make_server
from generator.render.stage import DEFAULT_TEMPLATES, find_templates, render_site
from generator.render.writer import SiteWriter


def build(tmp_path: Path, days=None, faqs=(), **kw):
    make_content(tmp_path / "content", sample_days() if days is None else days, faqs)
    settings = settings_for(tmp_path, **kw)
    return settings, render_site(settings)


def doc(site: Path, rel: str):
    return lxml.html.fromstring((site / rel).read_bytes())


def test_renders_the_url_layout(tmp_path):
    settings, report = build(tmp_path)
    site = settings.site_dir
    for rel in [
        "index.html",
        "days/index.html",
        "days/2026-06-22/index.html",
        "cs.AI/index.html",
        "cs.AI/2026-06-23/index.html",
        "cs.AI/days/index.html",
        "cs/2026-06-23/index.html",
        "cs/index.html",
        "arxiv/2606.00001/index.html",
        "404.html",
        "robots.txt",
        "feeds.opml",
        "feeds/all.atom",
        "feeds/cs.AI.atom",
        "feeds/cs.atom",
        "static/style.css",
    ]:
        assert (site / rel).is_file(), rel
    # cs.LG was not fetched: a cross-listed category outside the digest gets no page.
    assert not (site / "cs.LG").exists()
    assert report.summary().startswith("rendered ")


def test_hostile_text_is_escaped_in_html_and_attributes(tmp_path):
    evil = paper(
        "2606.00009",
        title=HOSTILE_TITLE,
        abstract=HOSTILE_ABSTRACT,
        authors=(Author(HOSTILE_AUTHOR),),
        comment="<img src=x onerror=alert(7)>",
        journal_ref='"><script>alert(8)</script>',
    )
    settings, _ = build(tmp_path, days=[day("2026-06-23", [evil])])
    for rel in ["index.html", "cs.AI/index.html", "arxiv/2606.00009/index.html"]:
        text = (settings.site_dir / rel).read_text("utf-8")
        assert "<script>alert" not in text, rel
        assert "<img src=x" not in text, rel
        assert '"onmouseover' not in text, rel
        assert "</title><script>" not in text, rel
    page = doc(settings.site_dir, "arxiv/2606.00009/index.html")
    assert page.xpath("//title")[0].text.startswith(HOSTILE_TITLE)
    assert page.xpath("string(//h1)") == HOSTILE_TITLE
    # The only scripts are the site's own files (never inline): the tiny theme script, then the reader.
    assert [s.get("src").split("?")[0] for s in page.xpath("//script")] == [
        "../../static/theme.js",
        "../../static/app.js",
    ]
    assert not page.xpath("//script[not(@src)]") and not page.xpath("//img")
    assert not [e for e in page.iter() if any(a.startswith("on") for a in e.attrib)]
    # LaTeX stays as written.
    assert "$x<y$" in page.xpath("string(//h1)")


def abstract_everywhere(tmp_path: Path, pid: str, abstract: str) -> tuple[list, str]:
    """A one-paper site with this abstract: its paragraph on the paper page and in the listing (lxml),
    and its text in the category feed (feedparser)."""
    import feedparser

    settings, _ = build(tmp_path, days=[day("2026-06-23", [paper(pid, abstract=abstract)])])
    paras = []
    for rel in [f"arxiv/{pid}/index.html", "cs.AI/2026-06-23/index.html"]:
        (para,) = doc(settings.site_dir, rel).xpath("//p[contains(@class, 'abstract')] | //*[@class='abstract']//p")
        paras.append(para)
    feed = feedparser.parse((settings.site_dir / "feeds/cs.AI.atom").read_bytes())
    return paras, feed.entries[0].summary


def test_old_style_declarations_and_tex_quotes_read_as_written_to_be_read(tmp_path):
    # Real arXiv abstracts (seen on 2506.04214 and 2606.23991): "{\\em interactive object-aware
    # audio generation}", "{\\sc Turbo}", "``coding agents''". In math, '' is a double prime.
    abstract = (
        "We study {\\em interactive object-aware audio generation} with {\\sc Turbo} and "
        "{\\bf $\\alpha$-bold} ``coding agents'' where $f''(x) > 0$, {\\large kept} and \\{\\em kept}."
    )
    paras, summary = abstract_everywhere(tmp_path, "2606.00032", abstract)
    plain = (
        "We study interactive object-aware audio generation with Turbo and $\\alpha$-bold "
        "\u201ccoding agents\u201d where $f''(x) > 0$, {\\large kept} and \\{\\em kept}."
    )
    for para in paras:
        assert para.text_content() == plain
        assert [e.text_content() for e in para.xpath(".//em")] == ["interactive object-aware audio generation"]
        assert [e.text_content() for e in para.xpath(".//strong")] == ["$\\alpha$-bold"]
    assert summary == plain


def test_web_addresses_in_abstracts_are_links_on_pages_and_text_elsewhere(tmp_path):
    # Real arXiv abstracts (content/days): "The code is available at https://github.com/Jamieyi2004/MINT."
    # and "available \\href{https://baskargroup.github.io/TerraIncognita/}{here}."
    abstract = (
        "The code is available at https://github.com/Jamieyi2004/MINT. Data are available "
        "\\href{https://baskargroup.github.io/TerraIncognita/}{\\textbf{here}} (see \\url{https://x.org/a\\_b}), "
        'not $https://math.org$ nor \\href{javascript:alert(1)}{this} nor https://e.org/"onmouseover=alert(1). Or https://.'
    )
    paras, summary = abstract_everywhere(tmp_path, "2606.00033", abstract)
    plain = (
        "The code is available at https://github.com/Jamieyi2004/MINT. Data are available "
        "here (https://baskargroup.github.io/TerraIncognita/) (see https://x.org/a_b), "
        'not $https://math.org$ nor \\href{javascript:alert(1)}{this} nor https://e.org/"onmouseover=alert(1). Or https://.'
    )
    shown = plain.replace("here (https://baskargroup.github.io/TerraIncognita/)", "here")
    for rel, para in zip(("paper page", "listing"), paras):
        links = [(a.get("href"), a.text_content(), a.get("rel")) for a in para.xpath(".//a")]
        assert links == [
            ("https://github.com/Jamieyi2004/MINT", "https://github.com/Jamieyi2004/MINT", "nofollow"),
            ("https://baskargroup.github.io/TerraIncognita/", "here", "nofollow"),
            ("https://x.org/a_b", "https://x.org/a_b", "nofollow"),
            ("https://e.org/", "https://e.org/", "nofollow"),
        ], rel
        assert para.xpath(".//a/strong/text()") == ["here"], rel
        assert para.text_content() == shown, rel
        assert not [a for e in para.iter() for a in e.attrib if a.startswith("on")], rel
    assert summary == plain


def test_footnotes_and_citations_read_as_they_would_print(tmp_path):
    # Real arXiv abstracts (content/days): "... in Spanish, German, and Mandarin Chinese\\footnote{Below
    # we use \\emph{Chinese} for brevity.}. Our system", "Building on the TravelPlanner
    # dataset~\\citep{xie2024travelplanner}, we introduce", and a footnote holding a link.
    abstract = (
        "Systems for Mandarin Chinese\\footnote{Below we use \\emph{Chinese} for brevity.}. Building on the "
        "TravelPlanner dataset~\\citep{xie2024travelplanner}, as in \\cite[see][p.~3]{a,b}, at the "
        "competition\\footnote{\\href{https://codalab.lisn.upsaclay.fr/competitions/18413}{codalab}}; "
        "$\\cite{x}$ is math."
    )
    paras, summary = abstract_everywhere(tmp_path, "2606.00034", abstract)
    plain = (
        "Systems for Mandarin Chinese (Below we use Chinese for brevity.). Building on the "
        "TravelPlanner dataset [xie2024travelplanner], as in [a,b], at the "
        "competition (codalab (https://codalab.lisn.upsaclay.fr/competitions/18413)); $\\cite{x}$ is math."
    )
    for para in paras:
        assert para.text_content() == plain.replace(" (https://codalab.lisn.upsaclay.fr/competitions/18413)", "")
        assert para.xpath(".//em/text()") == ["Chinese"] and para.xpath(".//a/text()") == ["codalab"]
    assert summary == plain


def test_text_style_macros_show_as_emphasis_on_pages_and_as_their_text_elsewhere(tmp_path):
    # Real arXiv abstracts (fixtures/arxiv/daily, 2025-06): "we propose \\textbf{SynthRL}",
    # "\\textit{evaluation crisis}", "\\textbf{\\underline{Mi}}xture". Math keeps its macros for KaTeX.
    import feedparser

    from generator.render import searchrecords
    from generator.render.catalog import load_catalog

    abstract = (
        "We propose \\textbf{SynthRL}, a \\textit{unified <b>crisis</b>} and a \\textbf{\\underline{Mi}}xture "
        "with $\\textbf{v} < w$ and \\unknown{kept}.\n\n"
        # Math inside a macro; math the reader script finds outside delimiters; prices, not math.
        "A \\textbf{$\\alpha$-stable} law in \\textit{$\\mathcal{O}(n)$}, \\begin{equation} \\textbf{x} = y \\end{equation} "
        "for $5 and \\emph{all} $10."
    )
    styled = paper("2606.00031", abstract=abstract)
    settings, _ = build(tmp_path, days=[day("2026-06-23", [styled])])
    site = settings.site_dir
    plain = "We propose SynthRL, a unified <b>crisis</b> and a Mixture with $\\textbf{v} < w$ and \\unknown{kept}."
    second = "A $\\alpha$-stable law in $\\mathcal{O}(n)$, \\begin{equation} \\textbf{x} = y \\end{equation} for $5 and all $10."
    for rel in ["arxiv/2606.00031/index.html", "cs.AI/2026-06-23/index.html"]:
        page = doc(site, rel)
        first, other = page.xpath("//*[contains(@class, 'abstract')]//p")
        assert [e.text_content() for e in first.xpath(".//strong")] == ["SynthRL", "Mi"], rel
        assert [e.text_content() for e in first.xpath(".//em")] == ["unified <b>crisis</b>"], rel
        assert first.xpath(".//strong/u/text()") == ["Mi"] and not first.xpath(".//b"), rel
        assert first.text_content() == plain and other.text_content() == second, rel
        # The equation stays one text node for the reader's KaTeX; the prices are text, "all" is styled.
        assert [e.text_content() for e in other.xpath(".//strong")] == ["$\\alpha$-stable"], rel
        assert [e.text_content() for e in other.xpath(".//em")] == ["$\\mathcal{O}(n)$", "all"], rel
    page = doc(site, "arxiv/2606.00031/index.html")
    assert page.xpath("//meta[@name='citation_abstract']/@content") == [plain + " " + second]
    assert page.xpath("//meta[@name='description']/@content")[0].startswith("We propose SynthRL, a unified")
    feed = feedparser.parse((site / "feeds/cs.AI.atom").read_bytes())
    assert feed.entries[0].summary == plain + "\n\n" + second
    (record,) = searchrecords.shard_records(load_catalog(settings), settings.paper_page_days)["2026-06-23"]
    assert plain in record.content and "textit" not in record.content


def test_sitemap_lists_absolute_urls_of_content_pages_and_only_when_deployed(tmp_path):
    from lxml import etree

    settings, _ = build(tmp_path / "a", base_url="https://u.github.io/r/")
    site = settings.site_dir
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = etree.fromstring((site / "sitemap.xml").read_bytes()).xpath("//s:loc/text()", namespaces=ns)
    assert locs and all(loc.startswith("https://u.github.io/r/") for loc in locs)
    assert {
        "https://u.github.io/r/",
        "https://u.github.io/r/cs.AI/2026-06-23/",
        "https://u.github.io/r/arxiv/2606.00001/",
    } <= set(locs)
    # /cs.AI/ only forwards to its latest day (a meta refresh): not a page to index.
    assert "https://u.github.io/r/cs.AI/" not in locs
    assert "Sitemap: https://u.github.io/r/sitemap.xml" in (site / "robots.txt").read_text()
    # A relative build cannot say where it will live: no sitemap, and robots.txt does not point at one.
    relative, _ = build(tmp_path / "b")
    assert not (relative.site_dir / "sitemap.xml").exists()
    assert "Sitemap" not in (relative.site_dir / "robots.txt").read_text()


def test_citation_dates_are_v1_submission_and_this_version_with_announcement_fallback(tmp_path):
    revised = paper("2606.00020", version=3, published="2026-05-30T17:59:00Z", updated="2026-06-21T09:00:00Z")
    bare = paper("2606.00021", published="not a date")
    settings, _ = build(tmp_path, days=[day("2026-06-22", [revised, bare]), day("2026-06-23", [])])

    def meta(pid):
        page = doc(settings.site_dir, f"arxiv/{pid}/index.html")
        return {n: page.xpath(f"//meta[@name='{n}']/@content") for n in ("citation_date", "citation_online_date")}, page

    dates, page = meta("2606.00020")
    assert dates == {"citation_date": ["2026/05/30"], "citation_online_date": ["2026/06/21"]}
    assert page.xpath("string(//dd[@class='submitted'])") == "2026-05-30 (this version 2026-06-21)"
    dates, page = meta("2606.00021")
    assert dates == {"citation_date": ["2026/06/22"], "citation_online_date": ["2026/06/22"]}
    assert not page.xpath("//dd[@class='submitted']")


def test_hostile_faq_html_in_content_is_cleaned_again_at_render(tmp_path):
    """content/ is plain JSON: an FAQ written by hand or under an older allow-list must not reach pages raw."""
    hostile = (
        '<section class="faq-item"><h3 class="faq-q">Q<script>alert(1)</script></h3>'
        '<p>A <img src=x onerror=alert(2)><a href="javascript:alert(3)" onclick="alert(4)">x</a>'
        '<iframe src="javascript:alert(5)"></iframe><svg onload=alert(6)></svg><style>*{display:none}</style>'
        '<span class="math" style="color:red">\\(x\\)</span> <a href="https://arxiv.org/">ok</a> KEPT</p></section>'
    )
    settings, _ = build(tmp_path, faqs=[faq("2606.00003", html=hostile)])
    for rel in ["arxiv/2606.00003/index.html", "arxiv/2606.00003/faq.html"]:
        page = doc(settings.site_dir, rel)
        section = page.xpath("//section[contains(@class,'faq-item')]")[0]
        assert "KEPT" in section.text_content() and section.xpath(".//span[@class='math']"), rel
        assert not section.xpath(".//script|.//img|.//iframe|.//svg|.//style|.//*[@style]"), rel
        assert not [e for e in page.iter() if any(a.startswith("on") for a in e.attrib)], rel
        assert section.xpath(".//a/@href") == ["https://arxiv.org/"] and len(section.xpath(".//a")) == 1, rel
        assert not page.xpath("//script[not(@src)]"), rel


def test_listing_follows_the_markup_contract(tmp_path):
    settings, _ = build(tmp_path, faqs=[faq("2606.00003")])
    page = doc(settings.site_dir, "cs.AI/2026-06-23/index.html")
    assert page.xpath("//main[@id='main']")
    art = page.xpath("//article[@id='p-2606.00004']")[0]
    # Alias: math.IT is cs.IT, so on cs.AI this paper is a cross-list.
    assert art.get("data-type") == "cross"
    assert art.get("data-categories") == "math.IT cs.AI"
    assert art.xpath("h3/a/@href") == ["../../arxiv/2606.00004/index.html"]
    assert art.xpath("p[@class='meta']/b/text()") == ["math.IT"]
    assert art.xpath("p[@class='meta']/a[@class='abs']/@href") == ["https://arxiv.org/abs/2606.00004"]
    assert art.xpath(".//*[@class='authors']") and art.xpath(".//*[@class='abstract']")
    assert [a.get("href").split("/")[-2] for a in art.xpath(".//p[@class='links']/a")] == ["pdf", "html"]
    replaced = page.xpath("//article[@id='p-2606.00001']")[0]
    assert replaced.get("data-type") == "replace"
    with_faq = page.xpath("//article[@id='p-2606.00003']//a[@class='faq']")[0]
    # The reader script fetches the FAQ fragment beside the paper page the link points to.
    assert with_faq.get("href") == "../../arxiv/2606.00003/index.html#faq"
    assert (settings.site_dir / "arxiv/2606.00003/faq.html").is_file()
    assert b"This &amp; that." not in (settings.site_dir / "cs.AI/2026-06-23/index.html").read_bytes()
    home = doc(settings.site_dir, "index.html")
    assert home.xpath("//section[@class='cat-group'][@data-category='cs.AI']")
    for rel in ["index.html", "cs.AI/index.html", "arxiv/2606.00001/index.html"]:
        raw = (settings.site_dir / rel).read_text("utf-8")
        assert "<style" not in raw and "<script>" not in raw and " style=" not in raw


def test_math_it_alias_lands_on_cs_it_and_unknown_categories_do_not_crash(tmp_path):
    days = [
        day(
            "2026-06-23",
            [paper("2606.00004", ("math.IT", "xx.YY", "../evil")), paper("2606.00005", ("cs.IT",))],
            categories=("cs.IT", "xx.YY", "../evil"),
        )
    ]
    settings, _ = build(tmp_path, days=days)
    page = doc(settings.site_dir, "cs.IT/2026-06-23/index.html")
    assert page.xpath("//article[@id='p-2606.00004']/@data-type") == ["new"]
    assert (settings.site_dir / "xx.YY/index.html").is_file()
    assert not (tmp_path / "evil").exists() and not (settings.site_dir / "../evil").exists()


def test_category_pages_have_day_navigation(tmp_path):
    settings, _ = build(tmp_path)
    old = doc(settings.site_dir, "cs.AI/2026-06-22/index.html")
    # Without the script, "newer" goes to the latest day (via /cs.AI/); the script makes it the
    # next day from cs.AI/days.json (tests/test_browser.py), so a new day leaves this page alone.
    newer = old.xpath("//a[@class='next-day']")[0]
    assert newer.get("href") == "../../cs.AI/index.html" and newer.get("data-days") == "../../cs.AI/days.json"
    latest = doc(settings.site_dir, "cs.AI/2026-06-23/index.html")
    assert latest.xpath("//a[@rel='prev']/@href") == ["../../cs.AI/2026-06-22/index.html"]


def test_latest_category_page_forwards_to_the_latest_day_instead_of_copying_it(tmp_path):
    settings, _ = build(tmp_path)
    page = doc(settings.site_dir, "cs.AI/index.html")
    assert page.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=../cs.AI/2026-06-23/index.html"]
    assert page.xpath("//a[@class='latest-day']/@href") == ["../cs.AI/2026-06-23/index.html"]
    assert page.xpath("//ul[@class='day-list']/li/a/text()") == ["2026-06-23", "2026-06-22"]
    assert not page.xpath("//article[@class='paper']")
    assert page.xpath("//link[@rel='alternate'][@type='application/atom+xml']")
    index = doc(settings.site_dir, "cs.AI/days/index.html")
    assert index.xpath("//ul[@class='day-list']/li/a/text()") == ["2026-06-23", "2026-06-22"]


def test_paper_page_shows_details_days_and_empty_faq_slot(tmp_path):
    settings, _ = build(tmp_path)
    page = doc(settings.site_dir, "arxiv/2606.00003/index.html")
    assert page.xpath("//article[@class='paper-page']")
    assert page.xpath("//dd[@class='doi']/a/@href") == ["https://doi.org/10.1000/a", "https://doi.org/10.1000/b"]
    assert page.xpath("//section[@id='faq'][contains(@class,'faq-empty')]//p[@class='faq-missing']")
    twice = doc(settings.site_dir, "arxiv/2606.00001/index.html")
    assert twice.xpath("//dd[@class='appeared']/a/text()") == ["2026-06-23", "2026-06-22"]
    assert [a.get("class") for a in twice.xpath("//nav[@class='links']/a")] == ["abs", "pdf", "html"]


def test_faq_shows_provenance_stale_notice_injection_warning_and_report_link(tmp_path):
    stale = faq("2606.00001", version=1, flags=("prompt-injection",), html="<p>Answer &lt;b&gt;</p>")
    fresh = faq("2606.00003", version=1, input_kind="abstract")
    settings, _ = build(tmp_path, faqs=[stale, fresh], repository_url="https://github.com/u/r")
    page = doc(settings.site_dir, "arxiv/2606.00001/index.html")
    faq_sec = page.xpath("//section[@id='faq']")[0]
    text = faq_sec.text_content()
    assert "from v1 full text" in text and "test-model" in text and "2026-06-25" in text
    assert "describes v1; v2 is newer" in text
    assert faq_sec.xpath(".//*[contains(@class,'faq-injection')]")
    assert "<p>Answer &lt;b&gt;</p>" in (settings.site_dir / "arxiv/2606.00001/index.html").read_text()
    report = faq_sec.xpath(".//p[@class='faq-report']/a/@href")[0]
    parts = urlsplit(report)
    assert report.startswith("https://github.com/u/r/issues/new?")
    query = parse_qs(parts.query)
    assert "2606.00001v1" in query["title"][0] and "prompt p3" in query["body"][0]
    other = doc(settings.site_dir, "arxiv/2606.00003/faq.html").text_content()
    assert "abstract only" in other and "newer" not in other


def test_no_report_link_without_repository_url(tmp_path):
    settings, _ = build(tmp_path, faqs=[faq("2606.00003")])
    assert b"issues/new" not in (settings.site_dir / "arxiv/2606.00003/index.html").read_bytes()


def test_old_days_link_papers_to_arxiv(tmp_path):
    settings, _ = build(tmp_path, paper_page_days=1)
    old = doc(settings.site_dir, "cs.AI/2026-06-22/index.html")
    assert old.xpath("//article[@id='p-2606.00002']//h3/a/@href") == ["https://arxiv.org/abs/2606.00002"]
    assert not (settings.site_dir / "arxiv/2606.00002").exists()
    # 2606.00001 reappeared on the newest day, so it keeps its page.
    assert (settings.site_dir / "arxiv/2606.00001/index.html").is_file()


def test_rebuild_is_byte_identical_and_writes_nothing(tmp_path):
    settings, _ = build(tmp_path, faqs=[faq("2606.00003")])
    first = site_files(settings.site_dir)
    report = render_site(settings)
    assert report.stats.written == 0 and report.stats.removed == 0
    assert site_files(settings.site_dir) == first
    other = dataclasses.replace(settings, site_dir=tmp_path / "site2")
    render_site(other)
    # A fresh build into another folder gives the same bytes too, except the small filter and meta files of the
    # search index: Pagefind writes its filter values in hash-map order (Pagefind/pagefind#638:
    # fragments are stable since 1.3, filter and meta indexes are not), and the entry file names them.
    second = site_files(other.site_dir)
    varying = re.compile(r"pagefind/[^/]+/(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$")

    def stable(files):
        return {k: v for k, v in files.items() if not varying.match(k)}

    assert stable(second) == stable(first)
    assert any(re.match(r"pagefind/[^/]+/fragment/", k) for k in first)
    assert any(re.match(r"pagefind/[^/]+/index/", k) for k in first)
    shards = json.loads(first["pagefind/shards.json"])["shards"]
    assert len(shards) == 2  # one per announcement day
    for shard in shards:
        mine = [k for k in first if varying.match(k) and k.startswith(f"pagefind/{shard}/")]
        assert sorted(k.rsplit(".", 1)[-1] for k in mine) == ["json", "pf_filter", "pf_filter", "pf_meta"]
    assert len([k for k in second if varying.match(k)]) == 4 * len(shards)


def test_incremental_rebuild_rewrites_only_changed_files_and_removes_vanished(tmp_path):
    settings, _ = build(tmp_path)
    site = settings.site_dir
    (site / "CNAME").write_text("example.org\n")  # not ours: must survive
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    store = make_content(tmp_path / "content", [day("2026-06-24", [paper("2606.00010", ("cs.CL",))])])
    report = render_site(settings)
    assert (site / "cs.CL/2026-06-24/index.html").is_file()
    assert 0 < report.stats.written < len(before) / 2
    assert (site / "cs.AI/2026-06-22/index.html").stat().st_mtime_ns == before[site / "cs.AI/2026-06-22/index.html"]
    (store.day_path("2026-06-22")).unlink()
    report = render_site(settings)
    assert report.stats.removed > 0
    assert not (site / "cs.AI/2026-06-22").exists()
    assert not (site / "arxiv/2606.00002").exists()
    assert (site / "CNAME").read_text() == "example.org\n"


def test_edited_file_in_site_is_repaired(tmp_path):
    settings, _ = build(tmp_path)
    target = settings.site_dir / "cs.AI/index.html"
    original = target.read_bytes()
    target.write_bytes(b"tampered")
    render_site(settings)
    assert target.read_bytes() == original


def test_templates_come_from_settings_when_that_folder_exists(tmp_path):
    custom = tmp_path / "my-templates"
    shutil.copytree(DEFAULT_TEMPLATES, custom)
    page = custom / "404.html"
    page.write_text(page.read_text().replace("<h1>Page not found", "<h1>custom-404 Page not found"))
    settings, _ = build(tmp_path, templates_dir=custom)
    assert b"custom-404" in (settings.site_dir / "404.html").read_bytes()


def test_missing_templates_folder_falls_back_to_the_packaged_templates(tmp_path):
    # As after `pip install .` run from a folder without templates/.
    settings, _ = build(tmp_path, templates_dir=tmp_path / "no-such-folder")
    assert b"Page not found" in (settings.site_dir / "404.html").read_bytes()
    assert find_templates(settings) == DEFAULT_TEMPLATES


def test_a_render_gives_the_garbage_collector_back_its_objects_whether_it_succeeds_or_fails(tmp_path):
    # The render makes its catalog and outputs with no collection and freezes them (memory.long_lived),
    # so collections do not walk millions of objects; after it, they are collected as usual again.
    assert gc.isenabled() and gc.get_freeze_count() == 0
    build(tmp_path / "ok")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    broken = tmp_path / "broken-templates"
    shutil.copytree(DEFAULT_TEMPLATES, broken)
    (broken / "paper.html").write_text("{{ no_such_name }}")
    with pytest.raises(RenderError, match="no_such_name"):
        build(tmp_path / "failed", templates_dir=broken)
    assert gc.isenabled() and gc.get_freeze_count() == 0


KEYS = Keyring("code", "assets", Shape.of(_Settings()))


def test_parallel_render_writes_the_same_files_and_skips_unchanged(tmp_path):
    def writer(version):
        w = SiteWriter(tmp_path, KEYS.base, workers=2, parallel_min=0)
        for i in range(40):
            body = f"page {i} v{version if i == 7 else 1}".encode()
            w.add(KEYS.output(f"p{i}/index.html", "test", body, lambda body=body: body))
        return w

    stats = writer(1).write_all()
    assert (stats.written, stats.unchanged) == (40, 0)
    assert (tmp_path / "p7/index.html").read_bytes() == b"page 7 v1"
    stats = writer(2).write_all()
    assert (stats.rendered, stats.written, stats.unchanged) == (1, 1, 39)
    assert (tmp_path / "p7/index.html").read_bytes() == b"page 7 v2"


def test_parallel_workers_are_replaced_by_fresh_forks_and_every_page_is_still_written(tmp_path, monkeypatch):
    # A worker exits after pool._RECYCLE tasks (it would otherwise end up holding a private copy of
    # the catalog): each page records the worker that rendered it.
    def render(recycle):
        monkeypatch.setattr(pool, "_RECYCLE", recycle)
        out = tmp_path / str(recycle)
        w = SiteWriter(out, KEYS.base, workers=2, parallel_min=0)
        for i in range(40):
            w.add(KEYS.output(f"p{i}/index.html", "test", i, lambda i=i: f"{i} {os.getpid()}".encode()))
        assert w.write_all().written == 40
        pages = [(out / f"p{i}/index.html").read_text().split() for i in range(40)]
        assert [int(n) for n, _ in pages] == list(range(40))
        return {pid for _, pid in pages}

    recycled = render(1)
    assert len(recycled) > 2 and str(os.getpid()) not in recycled  # 8 tasks of 5 pages: 8 workers in turn
    assert len(render(100)) <= 2


@pytest.mark.parametrize("workers", [1, 2])
def test_what_a_batch_of_outputs_shared_is_released_once_they_are_all_written(tmp_path, workers):
    # The feeds share their entries (58 MB at 60 days of all arXiv); the worker that rendered them
    # must let go of them before it renders pages. Each feed counts the entries the cache holds.
    cache: dict = {}
    log = tmp_path / "released"

    def feed(i):
        cache[i] = True
        return f"{len(cache)}".encode()

    def release():
        with log.open("a") as out:
            out.write(f"{os.getpid()} {len(cache)}\n")
        cache.clear()

    writer = SiteWriter(tmp_path / "site", KEYS.base, workers=workers, parallel_min=0)
    for i in range(30):
        writer.add(KEYS.output(f"p{i}/index.html", "test", i, lambda i=i: b"page %d" % i))
    for i in range(5):
        writer.add(KEYS.output(f"feeds/f{i}.atom", f"feed {i}", i, lambda i=i: feed(i), release))
    assert writer.write_all().written == 35
    assert [(tmp_path / f"site/feeds/f{i}.atom").read_text() for i in range(5)] == ["1", "2", "3", "4", "5"]
    (pid, held), *more = [line.split() for line in log.read_text().splitlines()]
    assert not more and held == "5"  # once, after the last feed
    assert (pid == str(os.getpid())) == (workers == 1)  # in the worker that rendered them


@pytest.mark.parametrize("workers", [1, 2])
def test_an_output_that_fails_is_named_in_a_one_line_render_error(tmp_path, workers):
    def boom():
        raise ValueError("Required fields not set")

    writer = SiteWriter(tmp_path, KEYS.base, workers=workers, parallel_min=0)
    for i in range(6):
        writer.add(KEYS.output(f"p{i}/index.html", "test", i, lambda i=i: b"ok %d" % i))
    writer.add(KEYS.output("feeds/x.atom", "feed x", "x", boom))
    with pytest.raises(RenderError) as caught:
        writer.write_all()
    assert "feeds/x.atom (feed x): ValueError: Required fields not set" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_noop_rebuild_reuses_the_last_build_and_notices_content_edits(tmp_path):
    settings, _ = build(tmp_path)
    again = render_site(settings)
    assert again.stats.rendered == 0 and again.stats.written == 0
    make_content(tmp_path / "content", [day("2026-06-24", [paper("2606.00011", ("cs.AI",))])])
    assert render_site(settings).stats.written > 0


def test_two_producers_for_one_path_are_refused(tmp_path):
    writer = SiteWriter(tmp_path, KEYS.base)
    writer.add(KEYS.output("a/index.html", "first", 1, lambda: b"x"))
    with pytest.raises(RenderError, match="two producers.*first.*second"):
        writer.add(KEYS.output("a/index.html", "second", 2, lambda: b"y"))


def test_the_writer_refuses_outputs_keyed_by_another_keyring(tmp_path):
    writer = SiteWriter(tmp_path, KEYS.base)
    other = dataclasses.replace(KEYS, epoch="1700000000")
    with pytest.raises(RenderError, match="not keyed by this build's keyring"):
        writer.add(other.output("a/index.html", "page", 1, lambda: b"x"))


def test_site_over_budget_fails_the_render(tmp_path):
    with pytest.raises(RenderError, match="site_max_files"):
        build(tmp_path, site_max_files=5)
    with pytest.raises(RenderError, match="budget"):
        render_site(settings_for(tmp_path, site_budget_mb=0))


def test_empty_content_renders_a_placeholder_home(tmp_path):
    settings, _ = build(tmp_path, days=[])
    assert b"No papers yet" in (settings.site_dir / "index.html").read_bytes()


def test_relative_build_has_no_broken_links_as_files(tmp_path):
    settings, _ = build(tmp_path, faqs=[faq("2606.00003")])
    assert broken_file_links(settings.site_dir) == []


def test_sub_path_build_has_no_broken_links_over_http(tmp_path):
    www = tmp_path / "www"
    settings, _ = build(
        tmp_path, faqs=[faq("2606.00003")], site_dir=www / "repo", base_url="https://user.github.io/repo/"
    )
    assert b"<h3><a href=/repo/arxiv/2606.00003/>" in (www / "repo/index.html").read_bytes()
    server = make_server(www, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]

    def get(path):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            return resp.status, resp.getheader("Content-Type", ""), resp.read()
        finally:
            conn.close()

    try:
        count, broken = crawl_http(get, "/repo/", "/repo/", "https://user.github.io/repo/")
        assert broken == []
        assert count > 20
        assert get("/repo/feeds/cs.AI.atom")[0] == 200
    finally:
        server.shutdown()
        server.server_close()


def test_shared_listing_entries_link_right_at_every_depth(tmp_path):
    # One paper per page: page 2 of a listing sits a folder deeper than page 1, and the home page
    # shallower, yet they reuse one rendered entry per paper (fragments: root is filled per page).
    settings, _ = build(tmp_path, faqs=[faq("2606.00003")], listing_page_size=1)
    site = settings.site_dir
    assert broken_file_links(site) == []
    deep = doc(site, "cs.AI/2026-06-23/2/index.html")
    assert deep.xpath("//article//h3/a/@href") == ["../../../arxiv/2606.00004/index.html"]
    first = doc(site, "cs.AI/2026-06-23/index.html")
    assert first.xpath("//a[@class='faq']/@href") == ["../../arxiv/2606.00003/index.html#faq"]
    assert doc(site, "index.html").xpath("//a[@class='faq']/@href") == ["arxiv/2606.00003/index.html#faq"]


def test_new_day_rerenders_only_its_pages_and_the_small_indexes(tmp_path):
    settings, _ = build(tmp_path)
    days = sample_days() + [day("2026-06-24", [paper("2606.00020", ("cs.CL",))])]
    make_content(tmp_path / "content", days[2:])
    site = settings.site_dir
    before = {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}
    render_site(settings)
    changed = {rel for rel, ns in before.items() if (site / rel).stat().st_mtime_ns != ns}
    # Older days' listings and every older paper page are left alone, the day before included: its
    # "newer" link is resolved in the browser from days.json.
    assert not any(
        rel.startswith(("arxiv/", "days/2026-06-2", "cs.AI/2026-06-2", "cs.CL/2026-06-2")) for rel in changed
    )
    assert {"index.html", "days/index.html", "cs.CL/index.html"} <= changed
    assert json.loads((site / "days/days.json").read_text())["days"][-1] == ["2026-06-24", "days/2026-06-24/"]


def test_bidi_controls_never_reach_the_page(tmp_path):
    hidden = "Ignore\u202e snoitcurtsni \u202cprevious"
    d = day("2026-06-22", [paper("2606.00031", ("cs.AI",), title=hidden, abstract=f"An {hidden} abstract.")])
    make_content(tmp_path / "content", [d])
    settings = settings_for(tmp_path)
    render_site(settings, with_search=False)
    for rel in ("cs.AI/2026-06-22/index.html", "arxiv/2606.00031/index.html", "index.html"):
        text = (settings.site_dir / rel).read_text()
        assert "Ignore snoitcurtsni previous" in text and not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e")


def test_an_output_that_cannot_be_written_is_one_line_naming_the_file(tmp_path):
    settings, _ = build(tmp_path)
    make_content(tmp_path / "content", [day("2026-06-24", [paper("2606.00032", ("cs.AI",))])])
    (settings.site_dir / "cs.AI/2026-06-24").write_text("a file where a folder must go")
    with pytest.raises(RenderError) as caught:
        render_site(settings, with_search=False)
    message = str(caught.value)
    assert "cs.AI/2026-06-24" in message and "cannot write" in message and "\n" not in message
