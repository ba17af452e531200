"""Reader-side output without a browser: vendored KaTeX, picker taxonomy, Zotero metadata, CSP-readiness,
page weight budgets and the Pagefind index built by `digest render`."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import sys
from pathlib import Path

import lxml.html
from browser_support import REPO, SAMPLE_DATE, build_site
from test_render_support import broken_file_links

from generator.config import load_settings
from generator.content.model import Day
from generator.content.store import ContentStore
from generator.render.assets import static_files
from generator.render.stage import render_site

STATIC = REPO / "generator" / "static"


def test_katex_is_vendored_with_only_the_fonts_it_references():
    katex = STATIC / "vendor" / "katex"
    css = (katex / "katex.min.css").read_text()
    fonts = set(re.findall(r"url\(fonts/([^)]+)\)", css))
    assert fonts and all(f.endswith(".woff2") for f in fonts)
    assert fonts == {p.name for p in (katex / "fonts").iterdir()}
    assert (katex / "katex.min.js").stat().st_size > 100_000
    assert "cdn" not in static_files()["static/app.js"].decode().lower()


def test_picker_taxonomy_matches_the_package_taxonomy():
    sys.path.insert(0, str(REPO / "scripts"))
    from export_taxonomy import dumps, picker_taxonomy

    assert (STATIC / "taxonomy.json").read_bytes() == dumps(picker_taxonomy()), "run scripts/export_taxonomy.py"


def _site(tmp_path):
    site, faq_id = build_site(tmp_path)
    return site, faq_id


def test_paper_pages_carry_highwire_tags_and_no_og_website(tmp_path):
    site, faq_id = _site(tmp_path)
    page = lxml.html.fromstring((site / f"arxiv/{faq_id}/index.html").read_bytes())
    meta = {}
    for m in page.xpath("//meta[@name]"):
        meta.setdefault(m.get("name"), []).append(m.get("content"))
    day = ContentStore(tmp_path / "content").read_day(SAMPLE_DATE)
    paper = next(p for p in day.papers if p.id == faq_id)
    assert meta["citation_title"] == [paper.title]
    assert meta["citation_author"] == [a.name for a in paper.authors]
    assert meta["citation_date"] == [SAMPLE_DATE.replace("-", "/")]
    assert meta["citation_arxiv_id"] == [faq_id]
    assert meta["citation_technical_report_number"] == [f"arXiv:{faq_id}"]
    assert meta["citation_publisher"] == ["arXiv"]
    assert meta["citation_pdf_url"] == [f"https://arxiv.org/pdf/{faq_id}"]
    assert meta["DC.type"] == ["preprint"]
    # Zotero's Embedded Metadata translator lets this tag override DC.type (a Report, not a Preprint).
    assert "citation_technical_report_institution" not in meta
    assert not page.xpath("//meta[@property='og:type'][@content='website']")
    assert not page.xpath("//span[contains(@class,'Z3988')]")


def test_pages_have_no_inline_scripts_or_styles_and_defer_js(tmp_path):
    site, faq_id = _site(tmp_path)
    for rel in ["index.html", f"cs.AI/{SAMPLE_DATE}/index.html", f"arxiv/{faq_id}/index.html", "404.html"]:
        page = lxml.html.fromstring((site / rel).read_bytes())
        scripts = page.xpath("//script")
        # Only files: the tiny blocking theme script (it must run before first paint), then the reader.
        assert [s.get("src").split("?")[0].rsplit("/", 1)[-1] for s in scripts] == ["theme.js", "app.js"], rel
        assert scripts[1].get("defer") is not None and not any((s.text or "").strip() for s in scripts), rel
        assert not page.xpath("//style | //*[@style]"), rel
        assert not [e for e in page.iter() if isinstance(e.tag, str) and any(a.startswith("on") for a in e.attrib)], rel


def test_search_index_covers_paper_pages_and_is_skipped_on_a_noop_rebuild(tmp_path):
    site, _ = _site(tmp_path)
    shards = json.loads((site / "pagefind/shards.json").read_text())["shards"]
    assert shards == sorted(shards, reverse=True) and len(shards) >= 1
    bundle = site / "pagefind" / shards[0]
    entries = [json.loads((site / "pagefind" / s / "pagefind-entry.json").read_text()) for s in shards]
    # One shard per announcement day, one record per paper of that day (a paper replaced on a later
    # day is in both days' shards; the reader shows it once).
    store = ContentStore(tmp_path / "content")
    assert sorted(shards) == sorted(d for d in store.dates() if store.read_day(d).papers)
    for shard, entry in zip(shards, entries, strict=True):
        assert entry["languages"]["en"]["page_count"] == len(store.read_day(shard).papers), shard
    assert (bundle / "pagefind.js").is_file() and not (bundle / "pagefind-ui.js").exists()
    filters = list((bundle / "filter").iterdir())
    assert filters
    before = {p: p.stat().st_mtime_ns for p in (site / "pagefind").rglob("*")}
    settings = load_settings(
        REPO / "pyproject.toml", env={"DIGEST_CONTENT_DIR": str(tmp_path / "content"), "DIGEST_SITE_DIR": str(site)}
    )
    report = render_site(settings)
    assert report.stats.written == 0
    assert {p: p.stat().st_mtime_ns for p in (site / "pagefind").rglob("*")} == before


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def _big_day_site(tmp_path: Path, sample: Day, papers: int, **env: str) -> Path:
    """The sample day's papers padded with renamed copies to `papers`, rendered as day 2026-06-25."""
    extra = [
        dataclasses.replace(sample.papers[i % len(sample.papers)], id=f"2606.{80000 + i:05d}")
        for i in range(papers - len(sample.papers))
    ]
    store = ContentStore(tmp_path / "content")
    store.write_day(Day(BIG_DATE, sample.categories, tuple(sample.papers) + tuple(extra)))
    settings = load_settings(
        REPO / "pyproject.toml",
        env={"DIGEST_CONTENT_DIR": str(tmp_path / "content"), "DIGEST_SITE_DIR": str(tmp_path / "site"), **env},
    )
    render_site(settings)
    return Path(settings.site_dir)


BIG_DATE = "2026-06-25"


def test_weight_budgets_500_paper_listing_and_paper_pages(tmp_path):
    """A 500-paper listing on one page (the sample day padded with copies) stays under 400 KB gzip."""
    site, faq_id = _site(tmp_path / "a")
    sample = ContentStore(tmp_path / "a/content").read_day(SAMPLE_DATE)
    big_site = _big_day_site(tmp_path / "b", sample, 500, DIGEST_LISTING_PAGE_SIZE="500")
    listings = [p for p in big_site.glob("**/index.html") if "/arxiv/" not in str(p)]
    largest = max(listings, key=lambda p: p.stat().st_size)
    assert (
        len(
            lxml.html.fromstring(largest.read_bytes()).xpath("//article[contains(concat(' ', @class, ' '), ' paper ')]")
        )
        == 500
    )
    assert _gzip_size(largest) < 400_000, (largest, _gzip_size(largest))
    papers = list(site.glob("arxiv/*/index.html"))
    heaviest = max(papers, key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size < 15_000, heaviest
    assert (site / f"arxiv/{faq_id}/index.html").stat().st_size < 15_000


def test_a_700_paper_day_is_split_into_three_pages_within_the_budget(tmp_path):
    site, _ = _site(tmp_path / "a")
    sample = ContentStore(tmp_path / "a/content").read_day(SAMPLE_DATE)
    big = _big_day_site(tmp_path / "b", sample, 700)  # default listing_page_size: 300
    base = big / f"cs/{BIG_DATE}"
    pages = [base / "index.html", base / "2/index.html", base / "3/index.html"]
    assert not (base / "4").exists()
    docs = [lxml.html.fromstring(p.read_bytes()) for p in pages]
    assert [len(d.xpath("//article[contains(concat(' ', @class, ' '), ' paper ')]")) for d in docs] == [300, 300, 100]
    for path in pages:
        assert _gzip_size(path) < 400_000, path
    # Header counts are the whole day's; every page says which slice it holds.
    for number, d in enumerate(docs, 1):
        assert d.xpath("string(//span[@class='count-new'])") == docs[0].xpath("string(//span[@class='count-new'])")
        assert f"Page {number} of 3" in d.xpath("string(//nav[@class='pager'][1]//span[@class='pager-pos'])")
    assert (
        docs[0].xpath("//nav[@class='pager']//a[@class='pager-next']/@href")
        == [f"../../cs/{BIG_DATE}/2/index.html"] * 2
    )
    assert (
        docs[1].xpath("//nav[@class='pager']//a[@class='pager-prev']/@href")
        == [f"../../../cs/{BIG_DATE}/index.html"] * 2
    )
    assert not docs[2].xpath("//a[@class='pager-next']")
    # The day page (home too) is split by whole categories; together its pages list each paper once.
    folder = big / f"days/{BIG_DATE}"
    day = [folder / "index.html"] + sorted(folder.glob("*/index.html"), key=lambda p: int(p.parent.name))
    abs_links = "//article[contains(@class,'paper')]/p/a[@class='abs']/@href"
    ids = [i for p in day for i in lxml.html.fromstring(p.read_bytes()).xpath(abs_links)]
    assert len(day) >= 3 and len(ids) == len(set(ids)) == 700
    home = lxml.html.fromstring((big / "index.html").read_bytes())
    assert home.xpath("//a[@class='pager-next']/@href")[0] == f"days/{BIG_DATE}/2/index.html"
    assert all(_gzip_size(p) < 400_000 for p in day)
    # Paper pages link to the day page that lists them.
    last = ids[-1].rsplit("/", 1)[-1]
    paper = lxml.html.fromstring((big / f"arxiv/{last}/index.html").read_bytes())
    assert paper.xpath("//dd[@class='appeared']/a/@href") == [f"../../days/{BIG_DATE}/{len(day)}/index.html"]
    assert broken_file_links(big) == []
