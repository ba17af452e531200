"""The catalog's listings: archive listings hold every paper arXiv's /list/<archive>/new holds."""

from __future__ import annotations

from joined import DAYS, day_feed

from generator.config import load_settings
from generator.content.model import Day
from generator.content.store import ContentStore
from generator.fetch.listing import parse_listing
from generator.render.catalog import day_counts, load_catalog

ALIASES = {"cs.SY", "cs.NA"}


def test_archive_listing_keeps_papers_whose_code_there_is_an_alias(tmp_path):
    # Real items of 4-6 Jun 2025 that carry cs.SY (alias of eess.SY) or cs.NA (alias of math.NA),
    # stored for a reader of eess.SY and math.NA. arXiv's /list/cs/new lists each of them (the code
    # cs.SY / cs.NA is in cs); they used to be folded into eess / math only.
    settings = load_settings(env={"DIGEST_CONTENT_DIR": str(tmp_path / "content"), "DIGEST_CATEGORIES": "cs.AI"})
    store = ContentStore(settings.content_dir)
    expected: dict[str, dict[str, str]] = {}
    for date in DAYS:
        papers = tuple(p for p in parse_listing(day_feed(date), date).papers if ALIASES & set(p.categories))
        store.write_day(Day(date, ("eess.SY", "math.NA"), papers))
        expected[date] = {
            p.id: ("replace" if p.is_replacement else "new")
            if p.primary_category.startswith("cs.")
            else ("replace-cross" if p.is_replacement else "cross")
            for p in papers
        }
    catalog = load_catalog(settings, store)

    assert "cs" in catalog.archives
    for date in DAYS:
        rows = catalog.listings["cs"][date]
        assert {p.id: kind for kind, p in rows} == expected[date]
    june5 = {p.id: kind for kind, p in catalog.listings["cs"]["2025-06-05"]}
    assert june5["2506.03365"] == "cross"  # primary eess.SY: a cross-list in cs, new in eess
    assert {p.id: kind for kind, p in catalog.listings["eess"]["2025-06-05"]}["2506.03365"] == "new"
    assert day_counts(catalog.listings["cs"]["2025-06-05"]) == {
        "new": 3,
        "cross": 1,
        "replace": 0,
        "replace-cross": 0,
    }
    assert sum(len(r) for r in catalog.listings["cs"].values()) == 7


def test_page_count_is_the_number_of_paper_pages_the_catalog_gives(tmp_path):
    # The shrink guard counts pages from the day files' ids alone; it must agree with the catalog,
    # also when the newest day file is not JSON (the catalog skips it, so the window reaches back).
    import dataclasses

    from test_render_support import make_content, sample_days, settings_for

    from generator.render.catalog import page_count

    store = make_content(tmp_path / "content", sample_days())
    store.day_path("2026-06-24").write_text("<<<<<<< conflict\n")
    for days in (0, 1, 2, 3):
        settings = dataclasses.replace(settings_for(tmp_path), paper_page_days=days)
        assert page_count(settings) == len(load_catalog(settings).page_ids), days
