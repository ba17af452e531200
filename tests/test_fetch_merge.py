"""Re-running the fetch of one day: types merge over the union of requests, the feed decides
which papers the day holds, and a category cut at arXiv's item cap is never silently short."""

from __future__ import annotations

import json

import pytest
from conftest import fixture_bytes, logged
from joined import day_feed, derived_feed, items

from generator.cli import main
from generator.config import load_settings
from generator.content.store import ContentStore
from generator.errors import FetchError
from generator.fetch.stage import fetch_latest

EMPTY_API = json.loads(fixture_bytes("api", "lukasschwab-arxiv.py", "id_0000.0000_s0_m100_8b51d9633a68.json"))[
    "body"
].encode("latin-1")
DATE = "2025-06-04"


def _serve(httpserver, path: str, body: bytes) -> None:
    httpserver.clear()
    httpserver.expect_request(path).respond_with_data(body, content_type="application/rss+xml")
    httpserver.expect_request("/api/query").respond_with_data(EMPTY_API, content_type="application/atom+xml")


def _fetch(httpserver, arxiv_env, codes: list[str], body: bytes):
    _serve(httpserver, "/rss/" + "+".join(codes), body)
    settings = load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": ",".join(codes)})
    fetch_latest(settings)
    return ContentStore(settings.content_dir).read_day(DATE)


def _expected_types(rss: bytes, codes: set[str]) -> dict[str, str]:
    return {pid: kind for pid, _, kind, _ in items(derived_feed(rss, codes))}


def test_rerun_with_other_categories_keeps_the_type_of_the_union(httpserver, arxiv_env):
    # Real 4 Jun feed: first the cs.CV listing, then the cs.LG one. A cs.CV paper cross-listed to
    # cs.LG is `cross` in the second reply; for the union it is `new`, as arXiv's cs.CV+cs.LG says.
    rss = day_feed(DATE)
    _fetch(httpserver, arxiv_env, ["cs.CV"], derived_feed(rss, {"cs.CV"}))
    day = _fetch(httpserver, arxiv_env, ["cs.LG"], derived_feed(rss, {"cs.LG"}))

    want = _expected_types(rss, {"cs.CV", "cs.LG"})
    got = {p.id: p.announce_type for p in day.papers}
    assert got == want
    both = [pid for pid, _, _, cats in items(rss) if {"cs.CV", "cs.LG"} <= set(cats)]
    assert len(both) > 20  # the overlap the merge has to get right
    assert day.categories == ("cs.CV", "cs.LG")


def test_paper_absent_from_a_later_fetch_of_its_categories_is_removed(httpserver, arxiv_env):
    # The feed decides: a paper arXiv no longer lists for the categories asked is dropped; papers
    # an earlier run stored for categories this run did not ask for are kept.
    rss = day_feed(DATE)
    _fetch(httpserver, arxiv_env, ["cs.CV"], derived_feed(rss, {"cs.CV"}))
    codes = ["cs.CL", "cs.LG"]
    first = _fetch(httpserver, arxiv_env, codes, derived_feed(rss, set(codes)))
    gone = sorted(p.id for p in first.papers if "cs.CL" in p.categories)[0]
    day = _fetch(httpserver, arxiv_env, codes, derived_feed(rss, set(codes), drop={gone}))

    ids = {p.id for p in day.papers}
    assert gone not in ids
    only_cv = {pid for pid, _, _, cats in items(rss) if "cs.CV" in cats and not {"cs.CL", "cs.LG"} & set(cats)}
    assert only_cv and only_cv <= ids
    assert ids == set(_expected_types(rss, {"cs.LG", "cs.CL", "cs.CV"})) - {gone}


def test_single_category_at_the_cap_is_stored_marked_incomplete_and_fails(httpserver, arxiv_env, monkeypatch, capsys):
    # The real cs.MM listing of 4 Jun at a cap lowered to its size: one category cannot be split.
    body = derived_feed(day_feed(DATE), {"cs.MM"})
    count = len(items(body))
    _serve(httpserver, "/rss/cs.MM", body)
    env = arxiv_env | {"DIGEST_CATEGORIES": "cs.MM", "DIGEST_FEED_CAP": str(count)}
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    assert main(["fetch"]) == 1
    err = capsys.readouterr().err
    assert "incomplete" in err and "cs.MM" in err and len(err.strip().splitlines()) == 1
    day = ContentStore(load_settings(env=env).content_dir).read_day(DATE)
    assert day.incomplete == ("cs.MM",) and len(day.papers) == count
    with pytest.raises(FetchError, match="incomplete"):
        fetch_latest(load_settings(env=env))


def test_a_later_fetch_below_the_cap_clears_the_incomplete_mark(httpserver, arxiv_env):
    body = derived_feed(day_feed(DATE), {"cs.MM"})
    _serve(httpserver, "/rss/cs.MM", body)
    env = arxiv_env | {"DIGEST_CATEGORIES": "cs.MM"}
    with pytest.raises(FetchError):
        fetch_latest(load_settings(env=env | {"DIGEST_FEED_CAP": str(len(items(body)))}))
    fetch_latest(load_settings(env=env))
    assert ContentStore(load_settings(env=env).content_dir).read_day(DATE).incomplete == ()


def test_rerun_refreshes_text_from_the_feed_but_keeps_api_fields(httpserver, arxiv_env, request_log):
    # A stored day written before a clean-up fix gets the fixed text on the next run, while the
    # enrichment already paid for is kept (no second API request).
    rss = day_feed(DATE)
    codes = ["cs.CL", "cs.CV", "cs.MM", "cs.LG", "cs.SI"]
    settings = load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": ",".join(codes)})
    store = ContentStore(settings.content_dir)
    _serve(httpserver, "/rss/" + "+".join(codes), rss)
    fetch_latest(settings)
    day = store.read_day(DATE)
    import dataclasses

    stale = [
        dataclasses.replace(p, abstract=p.abstract.replace("\\", ""), comment="kept", enrichment=1)
        if p.id == "2506.02544"
        else p
        for p in day.papers
    ]
    store.write_day(dataclasses.replace(day, papers=tuple(stale)))
    httpserver.clear()
    httpserver.expect_request("/rss/" + "+".join(codes)).respond_with_data(rss)
    httpserver.expect_request("/api/query").respond_with_handler(logged(request_log, body=EMPTY_API))
    fetch_latest(settings)
    paper = next(p for p in store.read_day(DATE).papers if p.id == "2506.02544")
    assert paper.comment == "kept" and paper.enriched
    assert paper.abstract == next(p for p in day.papers if p.id == "2506.02544").abstract
    assert all("2506.02544" not in a.get("id_list", "") for _, _, a in request_log.entries)
