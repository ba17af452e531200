"""The feed entries a build keeps in site/ (render/feedentries.py) and the measures of them the
content memo keeps (render/feedtext.py): a new day builds and measures only its own entries, reuses
the rest, and its feeds are byte for byte those of a fresh build; a shelf or a measure that other
code wrote, or a damaged one, is never trusted."""

from __future__ import annotations

import json

import feedparser
import test_render_support as support
from test_render_support import day, paper, site_files

from generator.render.contentmemo import MEMO
from generator.render.dayfacts import FEED_ENTRIES, LISTING_BYTES
from generator.render.feedentries import SHELF

DATES = ("2026-06-22", "2026-06-23", "2026-06-24")


def three_days():
    return [
        day(DATES[0], [paper("2606.00001", ("cs.AI", "cs.LG")), paper("2606.00002", ("cs.CL",))]),
        day(DATES[1], [paper("2606.00003", ("cs.AI",)), paper("2606.00001", ("cs.AI", "cs.LG"), "replace", 2)]),
        day(DATES[2], [paper("2606.00004", ("cs.AI", "math.IT")), paper("2606.00005", ("cs.CL",))]),
    ]


def feeds(site) -> dict[str, bytes]:
    return {k: v for k, v in site_files(site).items() if k.startswith("feeds/")}


def shelf(site) -> dict:
    return json.loads((site / SHELF).read_bytes())


def build_then_add_day(tmp_path, before_new_day=None):
    """Two days built, then the third added (the feed window of 2 days slides); and a fresh build
    of the same three days."""
    return support.build_then_add_day(tmp_path, three_days(), before_new_day, feed_days=2)


def test_a_new_day_reuses_stored_entries_and_its_feeds_equal_a_fresh_build(tmp_path):
    site, fresh = build_then_add_day(tmp_path)
    assert feeds(site) == feeds(fresh) and len(feeds(site)) >= 4
    kept = shelf(site)["entries"]
    # The shelf holds exactly the entries some feed lists now: the day that left the window is gone.
    assert kept == shelf(fresh)["entries"]
    assert not any(f"|{DATES[0]}|" in key for key in kept)
    assert {key.split("|")[0] for key in kept} == {"2606.00003v1", "2606.00001v2", "2606.00004v1", "2606.00005v1"}


def test_an_entry_on_the_shelf_is_not_built_again(tmp_path):
    # Proof that the new day's build reads the shelf: an entry the earlier build stored, changed
    # on the shelf (same code), is what the feed shows; the new day's own entries are built.
    def mark(site):
        data = shelf(site)
        for key in data["entries"]:
            if key.startswith("2606.00003v1|"):
                data["entries"][key] = data["entries"][key].replace("Title of 2606.00003", "STORED 2606.00003")
        (site / SHELF).write_text(json.dumps(data))

    site, _ = build_then_add_day(tmp_path, mark)
    titles = [e.title for e in feedparser.parse((site / "feeds/cs.AI.atom").read_bytes()).entries]
    assert any(t.startswith("STORED 2606.00003") for t in titles)
    assert any(t.startswith("Title of 2606.00004") for t in titles)


def test_a_shelf_from_other_code_or_damaged_is_not_trusted(tmp_path):
    def foreign(site):
        data = shelf(site)
        entries = {k: v.replace("Title of", "FOREIGN") for k, v in data["entries"].items()}
        (site / SHELF).write_text(json.dumps({**data, "code": "other", "entries": entries}))

    site, fresh = build_then_add_day(tmp_path / "foreign", foreign)
    assert feeds(site) == feeds(fresh)

    def damaged(site):
        data = shelf(site)
        (site / SHELF).write_text(json.dumps({**data, "entries": dict.fromkeys(data["entries"], "<entry><title>")}))

    site, fresh = build_then_add_day(tmp_path / "damaged", damaged)
    assert feeds(site) == feeds(fresh)

    site, fresh = build_then_add_day(tmp_path / "garbage", lambda site: (site / SHELF).write_bytes(b"\x00{"))
    assert feeds(site) == feeds(fresh)
    assert shelf(site)["entries"]  # and the next build has a good shelf again


def memo_rows(site) -> dict[str, list]:
    return json.loads((site / MEMO).read_bytes())["files"]


def measures(site) -> dict[str, dict]:
    """Day file -> the measures of its feed entries, as the content memo holds them."""
    rows = memo_rows(site)
    return {name: row[5][FEED_ENTRIES] for name, row in rows.items() if FEED_ENTRIES in (row[5] or {})}


def day_file(date: str) -> str:
    return f"days/{date}.json"


def test_a_new_day_measures_its_own_entries_and_the_memo_keeps_the_window_s(tmp_path, no_racy_window):
    site, fresh = build_then_add_day(tmp_path)
    assert feeds(site) == feeds(fresh)
    found = measures(site)
    # The days in the window of 2 are remembered; the day that left it is forgotten. Here the
    # incremental build remembers what a fresh build measures (in general it may hold more: the
    # copy of a version on an older day, which a fresh build's feeds never reach).
    assert set(found) == {day_file(DATES[1]), day_file(DATES[2])}
    assert found == measures(fresh)
    assert set(found[day_file(DATES[2])]) == {"2606.00004", "2606.00005"}
    # A day file's row keeps its other facts beside the measures.
    assert LISTING_BYTES in memo_rows(site)[day_file(DATES[2])][5]


def edit_measures(change):
    """A before_new_day hook: `change` the remembered measures of DATES[1] in the memo."""

    def edit(site):
        data = json.loads((site / MEMO).read_bytes())
        row = data["files"][day_file(DATES[1])]
        row[5][FEED_ENTRIES] = change(row[5][FEED_ENTRIES])
        (site / MEMO).write_text(json.dumps(data))

    return edit


def all_feed_ids(site) -> set[str]:
    return {e.id.rsplit("/", 1)[-1] for e in feedparser.parse((site / "feeds/all.atom").read_bytes()).entries}


def test_the_measures_an_earlier_build_remembered_are_what_the_feeds_are_planned_by(tmp_path, no_racy_window):
    # Proof that planning reads the memo: the older day's abstracts, remembered as a megabyte each,
    # no longer fit the all-papers feed beside the new day, which then holds the new day alone.
    huge = edit_measures(lambda found: {pid: [m[0], 1_000_000, m[2]] for pid, m in found.items()})
    site, fresh = build_then_add_day(tmp_path, huge)
    assert all_feed_ids(fresh) == {"2606.00003v1", "2606.00001v2", "2606.00004v1", "2606.00005v1"}
    assert all_feed_ids(site) == {"2606.00004v1", "2606.00005v1"}


def test_damaged_measures_are_taken_again(tmp_path, no_racy_window):
    for name, change in {
        "wrong shape": lambda found: dict.fromkeys(found, ["1", 2, "x"]),
        "not a mapping": lambda found: "garbage",
    }.items():
        site, fresh = build_then_add_day(tmp_path / name.replace(" ", "-"), edit_measures(change))
        assert feeds(site) == feeds(fresh)
        assert measures(site) == measures(fresh)


def test_a_memo_row_that_passes_for_a_changed_day_file_lends_it_no_measures(tmp_path, no_racy_window):
    # A day file rewritten so that its stat matches the memo's row (as a write in the same clock
    # tick could leave it): the catalog parses the new bytes, and the measures the memo holds for
    # the old ones are not used for them (their digests differ).
    def retitle(site):
        path = tmp_path / "content" / day_file(DATES[1])
        path.write_bytes(path.read_bytes().replace(b"Title of 2606.00003", b"Retitled 2606.00003"))
        data = json.loads((site / MEMO).read_bytes())
        st = path.stat()
        data["files"][day_file(DATES[1])][:4] = [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]
        (site / MEMO).write_text(json.dumps(data))

    site, fresh = build_then_add_day(tmp_path, retitle)
    assert feeds(site) == feeds(fresh)
    titles = [e.title for e in feedparser.parse((site / "feeds/all.atom").read_bytes()).entries]
    assert any(t.startswith("Retitled 2606.00003") for t in titles)
