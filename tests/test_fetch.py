"""The fetch stage against real recorded arXiv responses served from 127.0.0.1."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import (
    FIXTURES,
    SAMPLE_CATEGORIES,
    SAMPLE_DATE,
    ApiFromEntries,
    fixture_bytes,
    logged,
    sequence,
)

from generator.cli import main
from generator.config import load_settings
from generator.content.store import ContentStore
from generator.errors import FetchError
from generator.fetch.stage import fetch_latest

LAYA_QUERY = "/rss/cs.LG+cs.AI+cs.CL+stat.ML"
LAYA_RSS = fixture_bytes("rss", "msudars-laya-reader", "arxiv_rss.xml")
EMPTY_API = json.loads(fixture_bytes("api", "lukasschwab-arxiv.py", "id_0000.0000_s0_m100_8b51d9633a68.json"))[
    "body"
].encode("latin-1")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_cli(env: dict[str, str], monkeypatch, *args: str) -> int:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return main(list(args))


def test_real_multi_category_listing_gives_right_papers_and_types(httpserver, arxiv_env, request_log):
    httpserver.expect_request(LAYA_QUERY).respond_with_handler(logged(request_log, body=LAYA_RSS))
    httpserver.expect_request("/api/query").respond_with_handler(
        logged(request_log, body=EMPTY_API, content_type="application/atom+xml")
    )
    settings = load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": "cs.LG,cs.AI,cs.CL,stat.ML"})

    report = fetch_latest(settings)

    day = ContentStore(settings.content_dir).read_day("2026-09-24")
    got = {p.id: (p.version, p.announce_type, p.categories) for p in day.papers}
    assert got == {
        "2609.26811": (1, "new", ("cs.LG",)),
        "2609.26820": (1, "new", ("cs.LG", "cs.AI")),
        "2205.06398": (2, "cross", ("stat.ME", "stat.AP", "stat.ML")),
        "2009.13987": (3, "replace", ("cs.LG", "math.MG", "stat.ML")),
    }
    cross = next(p for p in day.papers if p.id == "2205.06398")
    assert cross.doi == "10.1093/bioinformatics/btac431"
    assert cross.abstract.startswith("It has become routine in neuroscience")
    assert [a.name for a in cross.authors] == ["Pritam Dey", "Zhengwu Zhang", "David B. Dunson"]
    # ids unknown to the API stay un-enriched (retried next run) but the day is written.
    assert report.status == "written" and report.papers == 4 and report.enriched == 0
    assert [p.announce_type for p in day.papers] == ["new", "new", "cross", "replace"]


def test_sample_day_uses_minimum_requests_spaced_by_delay(serve_sample_day, arxiv_settings):
    report = fetch_latest(arxiv_settings)

    day = ContentStore(arxiv_settings.content_dir).read_day(SAMPLE_DATE)
    assert len(day.papers) == 266 == report.papers
    assert report.enriched == 266
    batches = math.ceil(266 / arxiv_settings.api_batch_size)
    assert serve_sample_day.paths() == ["/rss/" + SAMPLE_CATEGORIES.replace(",", "+")] + ["/api/query"] * batches
    assert min(serve_sample_day.gaps()) >= arxiv_settings.request_delay * 0.95
    asked = [a["id_list"].split(",") for _, path, a in serve_sample_day.entries if path == "/api/query"]
    assert sorted(sum(asked, [])) == sorted(p.id for p in day.papers)


def test_cross_listed_paper_is_kept_once_with_all_categories(serve_sample_day, arxiv_settings):
    fetch_latest(arxiv_settings)
    day = ContentStore(arxiv_settings.content_dir).read_day(SAMPLE_DATE)
    ids = [p.id for p in day.papers]
    assert len(ids) == len(set(ids))
    # 2606.24391 is listed under cs.AI, cs.CL, cs.GT and cs.MA in the source data (4 rows).
    paper = next(p for p in day.papers if p.id == "2606.24391")
    assert paper.categories == ("cs.AI", "cs.CL", "cs.GT", "cs.MA")
    assert paper.announce_type == "new"
    assert paper.comment.startswith("25 pages including appendices")
    gt = next(p for p in day.papers if p.id == "2606.23985")
    assert gt.primary_category == "cs.GT" and gt.announce_type == "new"
    # The source day holds only "new submissions" sections, so every primary is a fetched category.
    assert all(p.announce_type == "new" and p.primary_category in SAMPLE_CATEGORIES for p in day.papers)


def test_rerun_is_a_noop_byte_identical_without_rewrite(serve_sample_day, arxiv_settings):
    fetch_latest(arxiv_settings)
    before = snapshot(arxiv_settings.content_dir)
    requests_first = len(serve_sample_day.entries)

    report = fetch_latest(arxiv_settings)

    assert report.status == "unchanged"
    assert snapshot(arxiv_settings.content_dir) == before  # same bytes and same mtimes
    assert len(serve_sample_day.entries) - requests_first == 1  # only the listing; all enriched


def test_api_enrichment_fills_comment_dates_and_affiliations_from_real_reply(httpserver, arxiv_settings, request_log):
    status, body = (
        200,
        json.loads(fixture_bytes("api", "lukasschwab-arxiv.py", "id_astro-ph_0601001_s0_m100_3150dca9dc76.json"))[
            "body"
        ].encode("latin-1"),
    )
    httpserver.expect_request("/api/query").respond_with_handler(
        logged(request_log, status, body, content_type="application/atom+xml")
    )
    from generator.content.model import Author, Paper
    from generator.fetch.enrich import apply_record, fetch_api_records
    from generator.net.client import PoliteClient

    client = PoliteClient.for_arxiv(arxiv_settings)
    [found] = list(fetch_api_records(client, arxiv_settings.arxiv_api_url, ["astro-ph/0601001"], 100))
    result = found["astro-ph/0601001"]
    paper = Paper(
        id="astro-ph/0601001",
        version=1,
        title="t",
        authors=tuple(Author(a.name) for a in result.authors),
        abstract="a",
        categories=("astro-ph",),
        announce_type="replace",
    )
    enriched = apply_record(paper, result)
    assert enriched.enriched and enriched.journal_ref
    assert enriched.published and enriched.published.endswith("Z")
    assert all(a.affiliations for a in enriched.authors)
    assert request_log.entries[0][2]["id_list"] == "astro-ph/0601001"


def test_api_400_fails_fast_without_retry(httpserver, arxiv_settings, request_log):
    status, body = (
        json.loads(fixture_bytes("api", "lukasschwab-arxiv.py", "id_abc_s0_m100_b79c8dcf6bc3.json"))["status_code"],
        b"",
    )
    status, body = (
        400,
        json.loads(fixture_bytes("api", "lukasschwab-arxiv.py", "id_abc_s0_m100_b79c8dcf6bc3.json"))["body"].encode(
            "latin-1"
        ),
    )
    httpserver.expect_request("/api/query").respond_with_handler(logged(request_log, status, body))
    from generator.fetch.enrich import fetch_api_records
    from generator.net.client import PoliteClient

    with pytest.raises(FetchError) as err:
        list(fetch_api_records(PoliteClient.for_arxiv(arxiv_settings), arxiv_settings.arxiv_api_url, ["abc"], 100))
    assert "HTTP 400" in str(err.value) and "id_list=abc" in str(err.value)
    assert len(request_log.entries) == 1


def test_title_zero_and_old_style_ids_survive(httpserver, arxiv_settings, request_log):
    _, body = (
        200,
        json.loads(fixture_bytes("api", "lukasschwab-arxiv.py", "id_2104.12255v1_s0_m100_6ae69987ffe1.json"))[
            "body"
        ].encode("latin-1"),
    )
    httpserver.expect_request("/api/query").respond_with_handler(logged(request_log, 200, body))
    from generator.fetch.enrich import fetch_api_records
    from generator.net.client import PoliteClient

    [found] = list(
        fetch_api_records(PoliteClient.for_arxiv(arxiv_settings), arxiv_settings.arxiv_api_url, ["2104.12255"], 100)
    )
    assert found["2104.12255"].title == "0"


def test_429_with_retry_after_then_success(httpserver, arxiv_env, request_log):
    httpserver.expect_request(LAYA_QUERY).respond_with_handler(
        sequence(request_log, (429, b"slow down", {"Retry-After": "1"}), (200, LAYA_RSS, {}))
    )
    httpserver.expect_request("/api/query").respond_with_data(EMPTY_API)
    settings = load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": "cs.LG,cs.AI,cs.CL,stat.ML"})

    report = fetch_latest(settings)

    assert report.papers == 4
    assert request_log.paths() == [LAYA_QUERY, LAYA_QUERY]
    assert request_log.gaps()[0] >= 1.0  # Retry-After honoured, not the tiny backoff


def test_503_until_give_up_is_one_clear_error_and_keeps_previous_content(
    serve_sample_day, httpserver, arxiv_env, monkeypatch, capsys
):
    assert run_cli(arxiv_env, monkeypatch, "fetch") == 0
    content = Path(arxiv_env["DIGEST_CONTENT_DIR"])
    before = snapshot(content)
    httpserver.clear()
    log = type(serve_sample_day)()
    httpserver.expect_request("/rss/" + SAMPLE_CATEGORIES.replace(",", "+")).respond_with_handler(
        logged(log, 503, b"<html>Service Unavailable</html>", content_type="text/html")
    )
    capsys.readouterr()

    status = run_cli(arxiv_env, monkeypatch, "fetch")

    err = capsys.readouterr().err.strip().splitlines()
    assert status == 1
    assert err[-1].startswith("digest: error: HTTP 503: http://") and "gave up after 3 attempts" in err[-1]
    assert len(log.entries) == 3
    assert snapshot(content) == before


@pytest.mark.parametrize(
    "body, message",
    [
        (LAYA_RSS[: len(LAYA_RSS) // 2], "malformed listing feed"),
        (b"<!DOCTYPE html><html><body><h1>Oops</h1></body></html>", "expected an RSS or Atom listing feed"),
        (b"", "malformed listing feed"),
        (b"<html><body>maintenance</body></html>", "expected an RSS or Atom listing feed"),
    ],
)
def test_bad_feed_is_one_line_error_and_writes_nothing(
    httpserver, arxiv_env, monkeypatch, capsys, request_log, body, message
):
    httpserver.expect_request("/rss/cs.AI").respond_with_handler(logged(request_log, body=body))
    status = run_cli(arxiv_env | {"DIGEST_CATEGORIES": "cs.AI"}, monkeypatch, "fetch")
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 1 and len(err) == 1 and message in err[0] and "/rss/cs.AI" in err[0]
    assert not Path(arxiv_env["DIGEST_CONTENT_DIR"]).exists()


def _without_items(rss: bytes) -> bytes:
    head, _, rest = rss.partition(b"<item>")
    return head + b"</channel></rss>\n"


def test_no_announcement_day_says_so_and_exits_zero(httpserver, arxiv_env, monkeypatch, capsys, request_log):
    # The real channel of 2026-09-24 with its items removed: what a weekend/holiday feed looks like.
    httpserver.expect_request("/rss/cs.AI").respond_with_handler(logged(request_log, body=_without_items(LAYA_RSS)))
    status = run_cli(arxiv_env | {"DIGEST_CATEGORIES": "cs.AI"}, monkeypatch, "fetch")
    out = capsys.readouterr().out
    assert status == 0 and "no announcement" in out
    assert not Path(arxiv_env["DIGEST_CONTENT_DIR"]).exists()


def test_empty_feed_never_overwrites_a_good_day(serve_sample_day, httpserver, arxiv_settings):
    fetch_latest(arxiv_settings)
    before = snapshot(arxiv_settings.content_dir)
    httpserver.clear()
    httpserver.expect_request("/rss/" + SAMPLE_CATEGORIES.replace(",", "+")).respond_with_data(
        _without_items(fixture_bytes("rebuilt", SAMPLE_DATE, "rss.xml"))
    )
    assert fetch_latest(arxiv_settings).status == "no-announcement"
    assert snapshot(arxiv_settings.content_dir) == before


def test_feed_still_dated_yesterday_means_not_yet_updated(httpserver, arxiv_env, request_log, tmp_path):
    httpserver.expect_request(LAYA_QUERY).respond_with_data(LAYA_RSS)
    httpserver.expect_request("/api/query").respond_with_data(EMPTY_API)
    settings = load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": "cs.LG,cs.AI,cs.CL,stat.ML"})
    report = fetch_latest(settings, expected_date="2026-09-25")
    assert report.status == "not-updated" and "still dated 2026-09-24" in report.summary()
    assert not settings.content_dir.exists()
    with pytest.raises(FetchError, match="only the latest announcement"):
        fetch_latest(settings, expected_date="2026-09-20")


def _only_items(rss: bytes, keep: slice) -> bytes:
    from lxml import etree

    root = etree.fromstring(rss)
    channel = root.find("channel")
    items = channel.findall("item")
    for item in items[: keep.start] + items[keep.stop :]:
        channel.remove(item)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_feed_at_the_cap_is_split_and_refetched(httpserver, arxiv_env, request_log):
    # Cap lowered to 3: the real 4-item combined feed is "at the cap", so it is split in halves,
    # each served the real items it would hold (subsets of the same real feed).
    httpserver.expect_request(LAYA_QUERY).respond_with_handler(logged(request_log, body=LAYA_RSS))
    httpserver.expect_request("/rss/cs.LG+cs.AI").respond_with_handler(
        logged(request_log, body=_only_items(LAYA_RSS, slice(0, 2)))
    )
    httpserver.expect_request("/rss/cs.CL+stat.ML").respond_with_handler(
        logged(request_log, body=_only_items(LAYA_RSS, slice(2, 4)))
    )
    httpserver.expect_request("/api/query").respond_with_data(EMPTY_API)
    settings = load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": "cs.LG,cs.AI,cs.CL,stat.ML", "DIGEST_FEED_CAP": "3"})
    report = fetch_latest(settings)
    assert request_log.paths() == [LAYA_QUERY, "/rss/cs.LG+cs.AI", "/rss/cs.CL+stat.ML"]
    assert report.papers == 4
    day = ContentStore(settings.content_dir).read_day("2026-09-24")
    assert [p.announce_type for p in day.papers] == ["new", "new", "cross", "replace"]


def test_api_outage_keeps_feed_data_and_later_run_fills_it(serve_sample_day, httpserver, arxiv_settings):
    httpserver.clear()
    day_dir = FIXTURES / "rebuilt" / SAMPLE_DATE
    rss_path = "/rss/" + SAMPLE_CATEGORIES.replace(",", "+")
    httpserver.expect_request(rss_path).respond_with_data((day_dir / "rss.xml").read_bytes())
    httpserver.expect_request("/api/query").respond_with_data(b"busy", status=503)
    report = fetch_latest(arxiv_settings)
    assert report.status == "written" and report.enriched == 0 and report.papers == 266
    assert "retried next run" in report.summary()

    httpserver.clear()
    httpserver.expect_request(rss_path).respond_with_data((day_dir / "rss.xml").read_bytes())
    httpserver.expect_request("/api/query").respond_with_handler(
        ApiFromEntries((day_dir / "api.xml").read_bytes(), serve_sample_day)
    )
    assert fetch_latest(arxiv_settings).enriched == 266


def test_killed_mid_run_leaves_whole_files_and_rerun_finishes(httpserver, arxiv_env, tmp_path):
    """SIGKILL the real CLI after its first write (API hanging), then rerun."""
    day_dir = FIXTURES / "rebuilt" / SAMPLE_DATE
    rss_path = "/rss/" + SAMPLE_CATEGORIES.replace(",", "+")
    httpserver.expect_request(rss_path).respond_with_data((day_dir / "rss.xml").read_bytes())

    def hang(request):
        time.sleep(3)
        from werkzeug import Response

        return Response(b"late", status=503)

    httpserver.expect_request("/api/query").respond_with_handler(hang)
    env = os.environ | arxiv_env
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "fetch"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    day_file = Path(arxiv_env["DIGEST_CONTENT_DIR"]) / "days" / f"{SAMPLE_DATE}.json"
    deadline = time.monotonic() + 20
    while not day_file.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert day_file.exists()
    for path in Path(arxiv_env["DIGEST_CONTENT_DIR"]).rglob("*.json"):
        json.loads(path.read_bytes())  # whole, valid files only
    assert ContentStore(Path(arxiv_env["DIGEST_CONTENT_DIR"])).check()[1] == []

    httpserver.clear()
    httpserver.expect_request(rss_path).respond_with_data((day_dir / "rss.xml").read_bytes())
    log = type("L", (), {"record": lambda self, r: None})()
    httpserver.expect_request("/api/query").respond_with_handler(
        ApiFromEntries((day_dir / "api.xml").read_bytes(), log)
    )
    report = fetch_latest(load_settings(env=arxiv_env))
    assert report.enriched == 266


def test_unknown_category_is_usage_error_with_close_matches(arxiv_env, monkeypatch, capsys):
    assert run_cli(arxiv_env, monkeypatch, "fetch", "--categories", "cs.AII") == 2
    err = capsys.readouterr().err
    assert "unknown arXiv category 'cs.AII'" in err and "cs.AI" in err


def test_check_reports_a_corrupt_content_file(arxiv_env, monkeypatch, capsys):
    days = Path(arxiv_env["DIGEST_CONTENT_DIR"]) / "days"
    days.mkdir(parents=True)
    (days / "2026-06-24.json").write_text(
        '{"schema": 1, "date": "2026-06-24", "categories": [], "papers": [{"id": "x"}]}'
    )
    assert run_cli(arxiv_env, monkeypatch, "check") == 1
    assert "not a bare arXiv id" in capsys.readouterr().err


def test_papers_left_unenriched_are_filled_on_a_later_quiet_day(serve_sample_day, httpserver, arxiv_settings):
    day_dir = FIXTURES / "rebuilt" / SAMPLE_DATE
    rss_path = "/rss/" + SAMPLE_CATEGORIES.replace(",", "+")
    httpserver.clear()
    httpserver.expect_request(rss_path).respond_with_data((day_dir / "rss.xml").read_bytes())
    httpserver.expect_request("/api/query").respond_with_data(b"busy", status=503)
    assert fetch_latest(arxiv_settings).enriched == 0

    # Next run: the weekend feed is empty, the API is back; the old day is completed anyway.
    httpserver.clear()
    httpserver.expect_request(rss_path).respond_with_data(_without_items((day_dir / "rss.xml").read_bytes()))
    httpserver.expect_request("/api/query").respond_with_handler(
        ApiFromEntries((day_dir / "api.xml").read_bytes(), serve_sample_day)
    )
    assert fetch_latest(arxiv_settings).status == "no-announcement"
    day = ContentStore(arxiv_settings.content_dir).read_day(SAMPLE_DATE)
    assert all(p.enriched for p in day.papers)


def test_api_overstating_total_results_costs_no_extra_request(httpserver, arxiv_settings, request_log):
    """autobib #183: totalResults counts an id that has no entry; one request per batch anyway."""
    day_dir = FIXTURES / "rebuilt" / SAMPLE_DATE
    api = ApiFromEntries((day_dir / "api.xml").read_bytes(), request_log)

    def overstated(request):
        response = api(request)
        response.set_data(response.get_data().replace(b"<opensearch:totalResults>", b"<opensearch:totalResults>9"))
        return response

    httpserver.expect_request("/api/query").respond_with_handler(overstated)
    from generator.fetch.enrich import fetch_api_records
    from generator.net.client import PoliteClient

    ids = ["2606.23693", "2606.23694", "2606.99999"]
    [found] = list(fetch_api_records(PoliteClient.for_arxiv(arxiv_settings), arxiv_settings.arxiv_api_url, ids, 100))
    assert sorted(found) == ["2606.23693", "2606.23694"]
    assert len(request_log.entries) == 1


def test_api_html_error_page_is_a_format_error_not_empty_results(httpserver, arxiv_settings):
    httpserver.expect_request("/api/query").respond_with_data(
        b"<html><body>Rate exceeded.</body></html>", content_type="text/html"
    )
    from generator.errors import FeedFormatError
    from generator.fetch.enrich import fetch_api_records
    from generator.net.client import PoliteClient

    with pytest.raises(FeedFormatError, match="expected an Atom feed"):
        list(
            fetch_api_records(PoliteClient.for_arxiv(arxiv_settings), arxiv_settings.arxiv_api_url, ["2606.23693"], 100)
        )


def test_split_halves_overlap_and_merge_prefers_new_over_cross(httpserver, arxiv_env, request_log):
    # 2609.26820 (cs.LG primary, cross-listed to cs.AI): arXiv lists it as `new` in the half that
    # holds cs.LG and as `cross` in the half that holds only cs.AI. The merge must say `new`.
    halves_query = {"/rss/cs.LG+cs.CL": slice(0, 2), "/rss/cs.AI+stat.ML": slice(1, 4)}
    httpserver.expect_request("/rss/cs.LG+cs.CL+cs.AI+stat.ML").respond_with_handler(logged(request_log, body=LAYA_RSS))
    httpserver.expect_request("/rss/cs.LG+cs.CL").respond_with_handler(
        logged(request_log, body=_only_items(LAYA_RSS, halves_query["/rss/cs.LG+cs.CL"]))
    )
    second = (
        _only_items(LAYA_RSS, halves_query["/rss/cs.AI+stat.ML"])
        .replace(b"arXiv:2609.26820v1 Announce Type: new", b"arXiv:2609.26820v1 Announce Type: cross")
        .replace(
            b"<arxiv:announce_type>new</arxiv:announce_type>", b"<arxiv:announce_type>cross</arxiv:announce_type>", 1
        )
    )
    httpserver.expect_request("/rss/cs.AI+stat.ML").respond_with_handler(logged(request_log, body=second))
    httpserver.expect_request("/api/query").respond_with_data(EMPTY_API)
    settings = load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": "cs.LG,cs.CL,cs.AI,stat.ML", "DIGEST_FEED_CAP": "4"})
    fetch_latest(settings)
    day = ContentStore(settings.content_dir).read_day("2026-09-24")
    types = {p.id: p.announce_type for p in day.papers}
    assert types == {"2609.26811": "new", "2609.26820": "new", "2205.06398": "cross", "2009.13987": "replace"}


def test_atom_flavoured_listing_feed_goes_through_fetch(httpserver, arxiv_env):
    atom = fixture_bytes("rss", "sakshamchitkara-paper-forge", "arxiv_rss.xml")
    httpserver.expect_request("/rss/cs.LG").respond_with_data(atom, content_type="application/atom+xml")
    httpserver.expect_request("/api/query").respond_with_data(EMPTY_API)
    settings = load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": "cs.LG"})
    report = fetch_latest(settings)
    day = ContentStore(settings.content_dir).read_day("2026-09-25")
    assert report.papers == 3
    assert {p.id: (p.version, p.announce_type) for p in day.papers} == {
        "2609.28553": (1, "new"),
        "2402.10149": (3, "cross"),
        "2401.08875": (3, "replace"),
    }
    first = next(p for p in day.papers if p.id == "2609.28553")
    assert (
        first.journal_ref.startswith("2026 International Conference") and first.doi == "10.1109/MAPR72750.2026.11685822"
    )


def test_cap_counts_feed_items_not_the_papers_kept(httpserver, arxiv_env, request_log):
    # One item has an announce type we do not know, so only 3 papers are kept from 4 items: at a
    # cap of 4 the reply is still "at the cap" and must be split.
    odd = LAYA_RSS.replace(
        b"<arxiv:announce_type>replace</arxiv:announce_type>", b"<arxiv:announce_type>absonly</arxiv:announce_type>"
    )
    httpserver.expect_request("/rss/cs.LG+cs.AI").respond_with_handler(logged(request_log, body=odd))
    httpserver.expect_request("/rss/cs.LG").respond_with_handler(
        logged(request_log, body=_only_items(LAYA_RSS, slice(0, 2)))
    )
    httpserver.expect_request("/rss/cs.AI").respond_with_handler(
        logged(request_log, body=_only_items(LAYA_RSS, slice(1, 2)))
    )
    httpserver.expect_request("/api/query").respond_with_data(EMPTY_API)
    settings = load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": "cs.LG,cs.AI", "DIGEST_FEED_CAP": "4"})
    fetch_latest(settings)
    assert request_log.paths() == ["/rss/cs.LG+cs.AI", "/rss/cs.LG", "/rss/cs.AI"]
