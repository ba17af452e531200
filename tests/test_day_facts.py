"""What the render remembers about each day file (render/dayfacts.py): a day's page count, learnt
when the day was split into pages, is what the next build uses for the same day file, and one
counted for another page size, another set of archives or other bytes is never used."""

from __future__ import annotations

import json

import test_render_support as support
from test_render_support import day, paper, site_files

from generator.render.contentmemo import MEMO
from generator.render.dayfacts import DAY_PAGES

DATES = ("2026-06-22", "2026-06-23", "2026-06-24")


def days():
    """Three days of five papers over two categories: with listing_page_size=2, three day pages each."""
    return [
        day(date, [paper(f"2606.{n}000{i}", ("cs.AI",) if i % 2 else ("cs.CL",)) for i in range(5)])
        for n, date in enumerate(DATES)
    ]


def counts(site) -> dict[str, list]:
    rows = json.loads((site / MEMO).read_bytes())["files"]
    return {name: row[5][DAY_PAGES] for name, row in rows.items() if DAY_PAGES in (row[5] or {})}


def build_then_add_day(tmp_path, before_new_day=None):
    return support.build_then_add_day(tmp_path, days(), before_new_day, listing_page_size=2)


def edit_count(change):
    def edit(site):
        data = json.loads((site / MEMO).read_bytes())
        row = data["files"][f"days/{DATES[0]}.json"]
        row[5][DAY_PAGES] = change(row[5][DAY_PAGES])
        (site / MEMO).write_text(json.dumps(data))

    return edit


def test_every_day_s_page_count_is_remembered_and_a_new_day_equals_a_fresh_build(tmp_path, no_racy_window):
    site, fresh = build_then_add_day(tmp_path)
    assert site_files(site) == site_files(fresh)
    found = counts(site)
    assert {name: value[2] for name, value in found.items()} == {f"days/{d}.json": 3 for d in DATES}
    assert found == counts(fresh)
    assert (site / f"days/{DATES[0]}/3/index.html").is_file()


def test_the_remembered_count_is_what_the_next_build_uses(tmp_path, no_racy_window):
    # Proof that the count is read: one more page remembered for the oldest day, and the next build
    # lists that page (whose context is then made by splitting the day: its groups run out).
    site, _ = build_then_add_day(tmp_path, edit_count(lambda v: [v[0], v[1], v[2] - 1]))
    assert not (site / f"days/{DATES[0]}/3/index.html").exists()
    assert (site / f"days/{DATES[0]}/2/index.html").is_file()


def test_a_count_made_for_another_page_size_or_other_archives_is_not_used(tmp_path, no_racy_window):
    for name, change in {
        "page size": lambda v: [v[0] + 1, v[1], 1],
        "archives": lambda v: [v[0], "other archives", 1],
        "damaged": lambda v: "garbage",
    }.items():
        site, fresh = build_then_add_day(tmp_path / name.replace(" ", "-"), edit_count(change))
        assert site_files(site) == site_files(fresh), name
