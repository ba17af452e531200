"""Retention: the paper-page window shrinks to fit the site budget before anything is written, the
newest days keeping their pages; and incremental builds equal fresh ones as the window slides."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from test_render_support import day, faq, make_content, paper, settings_for, site_files

from generator.content.model import Author
from generator.errors import RenderError
from generator.render import retention
from generator.render.assets import static_files
from generator.render.catalog import load_catalog
from generator.render.feeds import planned_bytes
from generator.render.keys import Shape
from generator.render.stage import render_site
from generator.render.urls import Linker

DATES = ("2026-06-22", "2026-06-23", "2026-06-24")
ABSTRACT = ("We study the problem of estimating $x^2$ from noisy samples. " * 70).strip()


def heavy_days(count: int = 25):
    """Three days of papers with long abstracts and many authors, so paper pages weigh a lot."""
    days = []
    for n, date in enumerate(DATES):
        papers = [
            paper(
                f"2606.{n}{i:04d}",
                ("cs.AI",),
                abstract=ABSTRACT,
                authors=tuple(Author(f"Author {j} {i}") for j in range(30)),
            )
            for i in range(count)
        ]
        days.append(day(date, papers))
    return days


def pages_of(catalog, papers) -> float:
    """The plan's estimate of the pages these papers bring."""
    return sum(retention._paper_bytes(p, catalog.faq_sizes.get(p.id, 0)) for p in papers)


def fixed_with_planned_feeds(settings, catalog) -> int:
    shape = Shape.of(settings)
    feeds = sum(planned_bytes(catalog, Linker.from_base_url(shape.base_url), shape).values())
    return retention.fixed_bytes(catalog, settings.feed_days, sum(map(len, static_files().values())), feeds)


def budget_for_newest_day(tmp_path) -> int:
    """The smallest budget (MB) whose plan keeps the newest day only, from the model itself (feeds
    sized as the build sizes them near the budget)."""
    settings = settings_for(tmp_path)
    catalog = load_catalog(settings)
    fixed = fixed_with_planned_feeds(settings, catalog)
    one_day = pages_of(catalog, catalog.days[DATES[-1]].papers)
    return math.ceil((fixed + one_day) / retention.SAFETY / 1e6)


def test_a_tight_budget_keeps_the_newest_days_pages_and_says_which_days_lost_theirs(tmp_path):
    make_content(tmp_path / "content", heavy_days())
    budget = budget_for_newest_day(tmp_path)
    settings = settings_for(tmp_path, site_budget_mb=budget)
    report = render_site(settings, with_search=False)
    site = settings.site_dir
    assert (site / "arxiv/2606.20000/index.html").is_file()  # the newest day keeps its pages
    assert not (site / "arxiv/2606.00000/index.html").exists()  # the oldest day lost them
    assert "2026-06-22" in report.note and "link their papers to arXiv" in report.note
    assert report.site_bytes <= budget * 1_000_000
    listing = (site / "cs.AI/2026-06-22/index.html").read_text()
    assert "https://arxiv.org/abs/2606.00000" in listing


def test_only_the_faqs_of_the_days_that_keep_pages_are_read(tmp_path, caplog):
    # The plan sizes FAQs by their files, so an FAQ of a day that loses its pages is never parsed:
    # a broken one there goes unnoticed, one on the newest day is reported (and skipped).
    store = make_content(tmp_path / "content", heavy_days(), [faq("2606.00001"), faq("2606.20001")])
    for pid in ("2606.00000", "2606.20000"):
        store.faq_path(pid).write_text("{not json")
    budget = budget_for_newest_day(tmp_path)
    settings = settings_for(tmp_path, site_budget_mb=budget)
    caplog.clear()  # budget_for_newest_day read every FAQ
    with caplog.at_level("WARNING"):
        render_site(settings, with_search=False)
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(skipped) == 1 and "2606.20000" in skipped[0], skipped
    site = settings.site_dir
    assert not (site / "arxiv/2606.00001/index.html").exists()  # its day lost its pages
    assert "faq" in (site / "arxiv/2606.20001/index.html").read_text().lower()
    assert (site / "arxiv/2606.20001/faq.html").is_file()


def test_a_budget_too_small_for_the_listings_fails_before_writing_anything(tmp_path):
    make_content(tmp_path / "content", heavy_days())
    settings = settings_for(tmp_path, site_budget_mb=1)
    with pytest.raises(RenderError, match="nothing was written"):
        render_site(settings, with_search=False)
    assert not settings.site_dir.exists() or not any(settings.site_dir.rglob("*.html"))


def test_incremental_equals_fresh_as_the_window_slides(tmp_path, no_racy_window):
    settings = settings_for(tmp_path, paper_page_days=2, feed_days=2)
    store = make_content(tmp_path / "content", heavy_days(count=3)[:2])
    render_site(settings, with_search=False)
    store.write_day(heavy_days(count=3)[2])  # a new day enters, the oldest leaves the window
    render_site(settings, with_search=False)
    fresh = settings_for(tmp_path, paper_page_days=2, feed_days=2, site_dir=tmp_path / "fresh")
    render_site(fresh, with_search=False)
    assert site_files(settings.site_dir) == site_files(fresh.site_dir)
    assert not (settings.site_dir / "arxiv/2606.00000").exists()  # the page's folder went with it
    assert (settings.site_dir / "arxiv/2606.20000/index.html").is_file()  # its siblings stay
    assert sorted(p.name for p in (settings.site_dir / "arxiv").iterdir()) == sorted(
        p.name for p in (fresh.site_dir / "arxiv").iterdir()
    )


def search_inputs(site) -> dict:
    """Each shard's input digest and record count, from the stamp. Pagefind's own bytes are not
    reproducible (its filter files come out in hash-map order), so equal inputs are what we compare."""
    stamp = json.loads((site / ".digest-search").read_text())
    return {name: (key, stamp["records"][name]) for name, key in stamp["shards"].items()}


def test_incremental_equals_fresh_as_the_window_slides_search_included(tmp_path, no_racy_window):
    # The day that leaves the window loses its shard, the new day gains one, and the one between is
    # left alone and is what a fresh build makes: its paper with an FAQ is replaced on the new day,
    # and it replaces a paper of the leaving day whose FAQ (of v1) does not move into it.
    settings = settings_for(tmp_path, paper_page_days=2, feed_days=2)
    first, second, third = heavy_days(count=3)
    old = dataclasses.replace(first.papers[0], version=2, announce_type="replace")
    second = dataclasses.replace(second, papers=(*second.papers, old))
    replaced = dataclasses.replace(second.papers[0], version=2, announce_type="replace")
    third = dataclasses.replace(third, papers=(*third.papers, replaced))
    faqs = [faq(second.papers[0].id), faq(first.papers[0].id)]
    store = make_content(tmp_path / "content", [first, second], faqs)
    render_site(settings)
    kept = settings.site_dir / "pagefind" / DATES[1] / "pagefind-entry.json"
    before = kept.stat().st_mtime_ns
    store.write_day(third)
    render_site(settings)
    fresh = settings_for(tmp_path, paper_page_days=2, feed_days=2, site_dir=tmp_path / "fresh")
    render_site(fresh)
    pages = {k: v for k, v in site_files(settings.site_dir).items() if not k.startswith("pagefind/")}
    assert pages == {k: v for k, v in site_files(fresh.site_dir).items() if not k.startswith("pagefind/")}
    assert search_inputs(settings.site_dir) == search_inputs(fresh.site_dir)
    assert json.loads((settings.site_dir / "pagefind/shards.json").read_text())["shards"] == [DATES[2], DATES[1]]
    assert not (settings.site_dir / "pagefind" / DATES[0]).exists()
    assert kept.stat().st_mtime_ns == before


def test_a_window_the_budget_shortens_rerenders_only_what_it_changes(tmp_path):
    # Two days fit the budget; with a third, only the newest keeps its pages. The pages of the two
    # days that lose theirs change, the rest of the site (feeds and listings of other days) does not.
    days = heavy_days(count=50)  # a day's pages weigh more than the budget's 1 MB step
    store = make_content(tmp_path / "content", days)
    budget = budget_for_newest_day(tmp_path)
    store.day_path(DATES[2]).unlink()
    settings = settings_for(tmp_path, site_budget_mb=budget)
    first = render_site(settings, with_search=False)
    assert not first.note  # both days keep their pages
    store.write_day(days[2])
    second = render_site(settings, with_search=False)
    assert DATES[1] in second.note
    fresh = settings_for(tmp_path, site_budget_mb=budget, site_dir=tmp_path / "fresh")
    render_site(fresh, with_search=False)
    assert site_files(settings.site_dir) == site_files(fresh.site_dir)
    assert second.stats.rendered < second.stats.files, second.summary()  # static files, 404, ... kept


def test_a_budget_the_whole_site_fits_keeps_every_page_day(tmp_path):
    """The quick feed estimate (every paper of the feed window in four feeds, whole) is several times
    the feeds really written, which hold the newest day whole and older days only under their cap:
    near the budget the plan sizes the feeds as written, so it does not drop page days that fit."""
    make_content(tmp_path / "content", heavy_days(count=100))
    settings = settings_for(tmp_path)
    catalog = load_catalog(settings)
    static = sum(map(len, static_files().values()))
    pages = pages_of(catalog, [p for d in DATES for p in catalog.days[d].papers])
    budget = math.ceil((fixed_with_planned_feeds(settings, catalog) + pages) / retention.SAFETY / 1e6)
    tight = settings_for(tmp_path, site_budget_mb=budget, site_dir=tmp_path / "tight")
    quick = retention.fixed_bytes(catalog, tight.feed_days, static)
    assert retention.plan(catalog, tight.paper_page_days, budget * 1_000_000, quick).dropped  # the quick one would drop
    report = render_site(tight, with_search=False)
    assert (tight.site_dir / "arxiv/2606.00000/index.html").is_file()  # the oldest day keeps its pages
    assert "link their papers to arXiv" not in report.note
    assert report.site_bytes <= budget * 1_000_000


def fourth_day(count: int = 100):
    papers = [
        paper(
            f"2606.9{i:04d}", ("cs.AI",), abstract=ABSTRACT, authors=tuple(Author(f"Writer {j} {i}") for j in range(30))
        )
        for i in range(count)
    ]
    return day("2026-06-25", papers)


def budget_without_oldest_listings(tmp_path, settings) -> tuple[int, dict]:
    """The smallest budget (MB) that holds every day's listings but the oldest's, the feeds, the
    static files and the newest day's pages, from the model itself."""
    catalog = load_catalog(settings)
    fixed = fixed_with_planned_feeds(settings, catalog)
    listed = retention.listing_bytes(catalog)
    newest = pages_of(catalog, catalog.days[catalog.dates[-1]].papers)
    budget = math.ceil((fixed - listed[catalog.dates[0]] + newest) / retention.SAFETY / 1e6)
    # Not a budget where everything fits: the test would prove nothing.
    assert fixed + newest > retention.SAFETY * budget * 1_000_000
    return budget, listed


def test_listings_that_outgrow_the_budget_leave_the_oldest_days_out_and_the_window_slides(tmp_path, no_racy_window):
    # All of arXiv lists about 15 MB a day: 60 days of listings alone are over 800 MB. Past the
    # page floor (here the one configured page day), the oldest days leave the site altogether.
    store = make_content(tmp_path / "content", heavy_days(count=100))
    probe = settings_for(tmp_path, paper_page_days=1, feed_days=1)
    budget, _ = budget_without_oldest_listings(tmp_path, probe)
    settings = settings_for(tmp_path, paper_page_days=1, feed_days=1, site_budget_mb=budget)
    report = render_site(settings, with_search=False)
    site = settings.site_dir
    assert "2026-06-22" in report.note and "left out" in report.note, report.note
    assert not (site / "days/2026-06-22").exists() and not (site / "cs.AI/2026-06-22").exists()
    assert (site / "days/2026-06-23/index.html").is_file() and (site / "cs.AI/2026-06-23/index.html").is_file()
    assert (site / "arxiv/2606.20000/index.html").is_file()  # the newest day keeps its pages
    assert not (site / "arxiv/2606.10000").exists()  # the day before links to arXiv
    oldest = (site / "days/2026-06-23/index.html").read_text()
    assert "2026-06-22" not in oldest  # no link to a day that is not on the site
    assert report.site_bytes <= budget * 1_000_000
    # A new day: the next oldest day leaves too, and the result is what a fresh build makes.
    store.write_day(fourth_day())
    again = render_site(settings, with_search=False)
    assert "2026-06-23" in again.note and not (site / "days/2026-06-23").exists()
    fresh = settings_for(tmp_path, paper_page_days=1, feed_days=1, site_budget_mb=budget, site_dir=tmp_path / "fresh")
    render_site(fresh, with_search=False)
    assert site_files(site) == site_files(fresh.site_dir)
    assert again.site_bytes <= budget * 1_000_000


def test_a_replacement_on_a_new_day_leaves_the_older_days_listings_as_they_were(tmp_path):
    # 40 % of a day of all arXiv replaces papers of earlier days. If an old day's entry linked to a
    # page that a later replacement gave its paper, every new day (and every page day leaving the
    # window) would change the listings of most older days. Only page days' entries link to pages.
    settings = settings_for(tmp_path, paper_page_days=1, feed_days=1)
    first, second, third = heavy_days(count=2)
    store = make_content(tmp_path / "content", [first, second])
    render_site(settings, with_search=False)
    old_listing = settings.site_dir / "cs.AI/2026-06-22/index.html"
    before = (old_listing.stat().st_mtime_ns, old_listing.read_bytes())
    replaced = dataclasses.replace(first.papers[0], version=2, announce_type="replace")
    store.write_day(dataclasses.replace(third, papers=(*third.papers, replaced)))
    render_site(settings, with_search=False)
    assert (settings.site_dir / "arxiv/2606.00000/index.html").is_file()  # the replacement has a page
    assert (old_listing.stat().st_mtime_ns, old_listing.read_bytes()) == before
    assert "https://arxiv.org/abs/2606.00000" in old_listing.read_text()
    newest = (settings.site_dir / "cs.AI/2026-06-24/index.html").read_text()
    assert "arxiv/2606.00000/" in newest
    fresh = settings_for(tmp_path, paper_page_days=1, feed_days=1, site_dir=tmp_path / "fresh")
    render_site(fresh, with_search=False)
    assert site_files(settings.site_dir) == site_files(fresh.site_dir)


def test_a_day_leaving_the_site_moves_no_faq_into_a_newer_search_shard(tmp_path):
    # A paper's FAQ is indexed with the first announcement of its version (searchrecords.faq_day). When the
    # day of that announcement leaves the site, the FAQ must not move to the paper's replacement on
    # a newer day: that would rebuild the newer day's shard every time the oldest day leaves.
    from generator.render.searchrecords import faq_day, shard_keys

    first, second, third = heavy_days(count=2)
    replaced = dataclasses.replace(first.papers[0], version=2, announce_type="replace")
    third = dataclasses.replace(third, papers=(*third.papers, replaced))
    make_content(tmp_path / "content", [first, second, third], [faq(first.papers[0].id, version=1)])
    settings = settings_for(tmp_path, paper_page_days=2)
    whole = load_catalog(settings)
    retention.restrict(whole, page_days=2)
    trimmed = load_catalog(settings)
    retention.restrict(trimmed, page_days=2, site_days=2)
    assert trimmed.dates == list(DATES[1:]) and first.papers[0].id in trimmed.faqs
    window = set(DATES[1:])
    assert faq_day(whole, first.papers[0].id, window) is None  # its v1 day is out of the page window
    assert faq_day(trimmed, first.papers[0].id, window) is None  # and stays out when it leaves the site
    assert shard_keys(trimmed, 2)[DATES[2]] == shard_keys(whole, 2)[DATES[2]]


def test_days_the_budget_leaves_out_are_never_parsed_and_the_plan_is_the_one_of_every_day(tmp_path, caplog):
    # 60 days of all arXiv list more than the budget holds: the 24 oldest are left out. Once the
    # newest days' listings alone are over the budget line, the older ones are read only for the
    # versions they announced (searchrecords.faq_day asks for them), not parsed into papers.
    from generator.render import stage

    old = heavy_days(count=300)
    replaced = dataclasses.replace(old[0].papers[0], version=2, announce_type="replace")
    newest = fourth_day()
    newest = dataclasses.replace(newest, papers=(*newest.papers, replaced))
    store = make_content(tmp_path / "content", [*old, newest], [faq(replaced.id, version=1)])
    probe = settings_for(tmp_path, paper_page_days=1, feed_days=1)
    full = load_catalog(probe, faqs=False)
    static = static_files()
    listed, paged = retention.listing_bytes(full), retention.page_bytes(full)
    keeps_newest = fixed_with_planned_feeds(probe, full) - sum(listed[d] for d in DATES) + paged[newest.date]
    budget = math.ceil(keeps_newest / retention.SAFETY / 1e6)
    line = retention.SAFETY * budget * 1_000_000
    # Not vacuous: two days' listings, the static files and the newest day's pages pass the line.
    assert line < listed[newest.date] + listed[DATES[-1]] + sum(map(len, static.values())) + paged[newest.date]
    settings = settings_for(tmp_path, paper_page_days=1, feed_days=1, site_budget_mb=budget)
    catalog, chosen = stage._load(settings, static)
    assert catalog.unread == list(DATES[:2])
    exact = stage._retain(load_catalog(settings, faqs=False), settings, static)
    assert chosen == dataclasses.replace(exact, fixed=chosen.fixed)  # the same days, the same estimate
    assert chosen.left_out == (DATES[2], DATES[1], DATES[0]) and chosen.site_days == 1
    assert catalog.dates == [newest.date] and catalog.left_out_versions[replaced.id] == (1,)
    report = render_site(settings, with_search=False)
    assert DATES[0] in report.note and "left out" in report.note
    assert report.site_bytes <= budget * 1_000_000
    # Not parsed at all: a broken paper on the oldest day would be reported if it were.
    path = store.day_path(DATES[0])
    data = json.loads(path.read_text())
    data["papers"][5]["title"] = 42
    path.write_text(json.dumps(data))
    with caplog.at_level("WARNING"):
        load_catalog(settings, faqs=False)
        assert any("skipped" in r.getMessage() for r in caplog.records)
        caplog.clear()
        stage._load(settings, static)
    assert not [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]


def test_with_no_page_days_listings_over_the_budget_leave_the_oldest_days_out(tmp_path):
    # paper_page_days = 0: no paper pages at all; the newest day is still listed (before, every day
    # was left out, which meant "list every day", and the build failed the budget after writing).
    make_content(tmp_path / "content", [*heavy_days(count=100), fourth_day()])
    probe = settings_for(tmp_path, paper_page_days=0, feed_days=1)
    catalog = load_catalog(probe, faqs=False)
    listed = retention.listing_bytes(catalog)
    budget = math.ceil(
        (fixed_with_planned_feeds(probe, catalog) - sum(listed[d] for d in DATES)) / retention.SAFETY / 1e6
    )
    settings = settings_for(tmp_path, paper_page_days=0, feed_days=1, site_budget_mb=budget)
    report = render_site(settings, with_search=False)
    assert "left out" in report.note and DATES[0] in report.note, report.note
    assert (settings.site_dir / "days/2026-06-25/index.html").is_file()
    assert not (settings.site_dir / f"days/{DATES[0]}").exists()
    assert not (settings.site_dir / "arxiv").exists()
    assert report.site_bytes <= budget * 1_000_000
