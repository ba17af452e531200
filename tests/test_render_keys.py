"""Output keys: an incremental build equals a fresh build byte for byte, whatever changed, and a
setting that does not shape the site re-renders nothing (render/keys.py is the one mechanism)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_render_support import day, faq, make_content, paper, sample_days, settings_for, site_files

from generator.config import FilterFeed, Settings
from generator.content.model import FaqItem
from generator.content.store import ContentStore
from generator.render.keys import Shape
from generator.render.stage import render_site


def base_content(root: Path) -> ContentStore:
    return make_content(root, sample_days(), [faq("2606.00004")])


def edit_new_day(store: ContentStore) -> None:
    store.write_day(day("2026-06-24", [paper("2606.00005", ("cs.CL",)), paper("2606.00006", ("cs.AI", "cs.CL"))]))


def edit_new_faq(store: ContentStore) -> None:
    store.write_faq(faq("2606.00003", items=(FaqItem("Why?", "Because $x^2$."),), html="<p>Because.</p>"))


def edit_replaced_by_v2(store: ContentStore) -> None:
    store.write_day(day("2026-06-24", [paper("2606.00003", ("cs.AI",), kind="replace", version=2, title="New title")]))


def edit_old_abstract(store: ContentStore) -> None:
    old = store.read_day("2026-06-22")
    fixed = tuple(dataclasses.replace(p, abstract="A corrected abstract.") for p in old.papers)
    store.write_day(dataclasses.replace(old, papers=fixed))


def edit_faq_text(store: ContentStore) -> None:
    store.write_faq(faq("2606.00004", html="<p>A regenerated answer.</p>", model="another-model"))


def edit_paper_left_a_day(store: ContentStore) -> None:
    old = store.read_day("2026-06-23")
    store.write_day(dataclasses.replace(old, papers=old.papers[1:]))


def edit_new_category_appears(store: ContentStore) -> None:
    """A day fetched for cs.LG too: 2606.00001 (cs.AI, cs.LG) of older days now links cs.LG."""
    store.write_day(day("2026-06-24", [paper("2606.00007", ("cs.LG",))], categories=("cs.AI", "cs.CL", "cs.LG")))


def edit_day_removed(store: ContentStore) -> None:
    store.day_path("2026-06-22").unlink()


EDITS = [
    edit_new_day,
    edit_new_category_appears,
    edit_new_faq,
    edit_replaced_by_v2,
    edit_old_abstract,
    edit_faq_text,
    edit_paper_left_a_day,
    edit_day_removed,
]


def fresh_site(tmp_path: Path, name: str, **settings) -> dict[str, bytes]:
    """A build of the same content into an empty folder."""
    fresh = settings_for(tmp_path, site_dir=tmp_path / name, **settings)
    render_site(fresh, with_search=False)
    return site_files(fresh.site_dir)


@pytest.mark.parametrize("edit", EDITS, ids=lambda e: e.__name__)
def test_an_incremental_build_after_a_content_edit_equals_a_fresh_build(tmp_path, edit):
    settings = settings_for(tmp_path)
    store = base_content(tmp_path / "content")
    before = render_site(settings, with_search=False)
    edit(store)
    after = render_site(settings, with_search=False)
    assert after.stats.rendered > 0 and after.stats.rendered < before.stats.files
    assert site_files(settings.site_dir) == fresh_site(tmp_path, "fresh")


SHAPING = {
    "base_url": "https://example.org/digest/",
    "site_title": "Another digest",
    "repository_url": "https://github.com/someone/digest",
    "arxiv_pdf_url": "https://mirror.example.org/pdf/",
    "feed_days": 1,
    "feed_max_entries": 1,
    "listing_page_size": 1,
    "paper_page_days": 1,
    # A saved-filter feed adds its feed, an OPML line and autodiscovery links on the pages it matches.
    "filter_feeds": (FilterFeed("alpha", keywords=("alpha",), categories=("cs.CL",)),),
}


def test_shape_is_exactly_the_settings_that_shape_the_site():
    assert {f.name for f in dataclasses.fields(Shape)} == set(SHAPING)


@pytest.mark.parametrize("name", sorted(SHAPING))
def test_a_setting_that_shapes_the_site_rerenders_exactly_what_a_fresh_build_writes(tmp_path, name):
    settings = settings_for(tmp_path)
    base_content(tmp_path / "content")
    render_site(settings, with_search=False)
    changed = render_site(dataclasses.replace(settings, **{name: SHAPING[name]}), with_search=False)
    assert changed.stats.written > 0, f"{name} is declared as shaping the site but changed no file"
    assert site_files(settings.site_dir) == fresh_site(tmp_path, "fresh", **{name: SHAPING[name]})


def respelled(path: Path) -> Path:
    """The same folder, spelled another way."""
    return path.parent / "." / ".." / path.parent.name / path.name


NOT_SHAPING = [f for f in dataclasses.fields(Settings) if f.name not in SHAPING]


def other_value(settings: Settings, field: dataclasses.Field) -> object:
    value = getattr(settings, field.name)
    if isinstance(value, Path):
        return respelled(value) if value.is_absolute() else Path(".") / value
    if isinstance(value, bool) or not isinstance(value, (int, float, str, tuple)):
        raise AssertionError(f"no test value for setting {field.name}: classify it in SHAPING or here")
    if isinstance(value, tuple):
        return (*value, "cs.LG")
    if isinstance(value, str):
        return value + "-changed" if value else "changed"
    return value + 7


@pytest.mark.parametrize("field", NOT_SHAPING, ids=lambda f: f.name)
def test_a_setting_that_does_not_shape_the_site_rerenders_nothing(tmp_path, field):
    settings = settings_for(tmp_path, templates_dir=tmp_path / "no-templates-here")
    base_content(tmp_path / "content")
    first = render_site(settings, with_search=False)
    again = render_site(dataclasses.replace(settings, **{field.name: other_value(settings, field)}), with_search=False)
    assert (again.stats.rendered, again.stats.written, again.stats.removed) == (0, 0, 0)
    assert again.stats.unchanged == first.stats.files
