"""Reader-side output without a browser: vendored KaTeX, picker taxonomy, Zotero metadata, CSP-readiness,
page weight budgets and the Pagefind index built by `digest render`."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs

import lxml.html

from browser_support import HOSTILE_ID, REPO, SAMPLE_DATE, build_site
from generator.layout import ContentStore
from generator.models import Day
from generator.render import render_site
from generator.config import load_settings

STATIC = REPO / "generator" / "static"


def test_katex_is_vendored_with_only_the_fonts_it_references():
    katex = STATIC / "vendor" / "katex"
    css = (katex / "katex.min.css").read_text()
    fonts = set(re.findall(r"url\(fonts/([^)]+)\)", css))
    assert fonts and all(f.endswith(".woff2") for f in fonts)
    assert fonts == {p.name for p in (katex / "fonts").iterdir()}
    assert (katex / "katex.min.js").stat().st_size > 100_000
    assert "cdn" not in (STATIC / "app.js").read_text().lower()


def test_picker_taxonomy_matches_the_package_taxonomy():
    sys.path.insert(0, str(REPO / "scripts"))
    from export_taxonomy import dumps, picker_taxonomy

    assert (STATIC / "taxonomy.json").read_bytes() == dumps(picker_taxonomy()), \
        "run scripts/export_taxonomy.py"


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
    assert not page.xpath("//meta[@property='og:type'][@content='website']")
    assert not page.xpath("//span[contains(@class,'Z3988')]")


def test_listing_pages_carry_one_coins_per_paper(tmp_path):
    site, _ = _site(tmp_path)
    page = lxml.html.fromstring((site / f"cs.AI/{SAMPLE_DATE}/index.html").read_bytes())
    papers = page.xpath("//article[@class='paper']")
    spans = page.xpath("//span[@class='Z3988']")
    assert len(spans) == len(papers) > 100
    first = parse_qs(spans[0].get("title"))
    art = papers[0]
    assert first["ctx_ver"] == ["Z39.88-2004"] and first["rft.type"] == ["preprint"]
    assert first["rft.title"] == [art.xpath("string(.//h3)")]
    assert first["rft_id"] == [f"info:doi/10.48550/arXiv.{art.get('data-id')}"]
    assert len(first["rft.au"]) >= 1
    hostile = lxml.html.fromstring((site / "cs.AI/2026-06-23/index.html").read_bytes())
    title = parse_qs(hostile.xpath(f"//article[@data-id='{HOSTILE_ID}']//span[@class='Z3988']/@title")[0])["rft.title"][0]
    assert title.startswith("<img src=x")  # round-trips as text, never as markup


def test_pages_have_no_inline_scripts_or_styles_and_defer_js(tmp_path):
    site, faq_id = _site(tmp_path)
    for rel in ["index.html", f"cs.AI/{SAMPLE_DATE}/index.html", f"arxiv/{faq_id}/index.html", "404.html"]:
        page = lxml.html.fromstring((site / rel).read_bytes())
        scripts = page.xpath("//script")
        assert scripts and all(s.get("src") and s.get("defer") is not None and not (s.text or "").strip()
                               for s in scripts), rel
        assert not page.xpath("//style | //*[@style]"), rel
        assert not [e for e in page.iter() if isinstance(e.tag, str) and any(a.startswith("on") for a in e.attrib)], rel


def test_search_index_covers_paper_pages_and_is_skipped_on_a_noop_rebuild(tmp_path):
    site, _ = _site(tmp_path)
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    pages = len(list(site.glob("arxiv/*/index.html")))
    assert entry["languages"]["en"]["page_count"] == pages
    assert (site / "pagefind/pagefind.js").is_file() and not (site / "pagefind/pagefind-ui.js").exists()
    filters = list((site / "pagefind/filter").iterdir())
    assert filters
    before = {p: p.stat().st_mtime_ns for p in (site / "pagefind").rglob("*")}
    settings = load_settings(REPO / "pyproject.toml", env={"DIGEST_CONTENT_DIR": str(tmp_path / "content"),
                                                           "DIGEST_SITE_DIR": str(site)})
    report = render_site(settings)
    assert report.stats.written == 0
    assert {p: p.stat().st_mtime_ns for p in (site / "pagefind").rglob("*")} == before


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def test_weight_budgets_500_paper_listing_and_paper_pages(tmp_path):
    """A 500-paper day (the sample day's papers, padded with copies) stays under 400 KB gzip per page."""
    site, faq_id = _site(tmp_path / "a")
    sample = ContentStore(tmp_path / "a/content").read_day(SAMPLE_DATE)
    extra = [dataclasses.replace(p, id=f"2606.{80000 + i:05d}") for i, p in enumerate(sample.papers[: 500 - 266])]
    big = Day("2026-06-25", sample.categories, tuple(sample.papers) + tuple(extra))
    store = ContentStore(tmp_path / "b/content")
    store.write_day(big)
    settings = load_settings(REPO / "pyproject.toml", env={"DIGEST_CONTENT_DIR": str(tmp_path / "b/content"),
                                                           "DIGEST_SITE_DIR": str(tmp_path / "b/site")})
    render_site(settings)
    big_site = Path(settings.site_dir)
    listings = [p for p in big_site.glob("**/index.html") if "/arxiv/" not in str(p)]
    largest = max(listings, key=lambda p: p.stat().st_size)
    assert len(lxml.html.fromstring(largest.read_bytes()).xpath("//article[@class='paper']")) == 500
    assert _gzip_size(largest) < 400_000, (largest, _gzip_size(largest))
    papers = list(site.glob("arxiv/*/index.html"))
    heaviest = max(papers, key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size < 15_000, heaviest
    assert (site / f"arxiv/{faq_id}/index.html").stat().st_size < 15_000
