"""A rerun asks arXiv conditionally (ETag / Last-Modified kept beside the content) and makes no API
request when nothing needs enriching."""

from __future__ import annotations

import json

from conftest import fixture_bytes
from joined import COMBINED, day_feed
from werkzeug import Request, Response

from generator.config import load_settings
from generator.content.store import ContentStore
from generator.fetch.stage import fetch_latest

EMPTY_API = json.loads(fixture_bytes("api", "lukasschwab-arxiv.py", "id_0000.0000_s0_m100_8b51d9633a68.json"))[
    "body"
].encode("latin-1")
DATE = "2025-06-04"
ETAG = '"rss-2025-06-04"'
MODIFIED = "Wed, 04 Jun 2025 04:13:41 GMT"  # the recorded feed's lastBuildDate


class ConditionalFeed:
    """Serves the real 4 Jun feed like a cache-aware server: 304 when the client's validator matches."""

    def __init__(self, use_etag: bool = True):
        self.use_etag = use_etag
        self.seen: list[dict[str, str | None]] = []
        self.api_requests = 0

    def feed(self, request: Request) -> Response:
        sent = {"etag": request.headers.get("If-None-Match"), "since": request.headers.get("If-Modified-Since")}
        self.seen.append(sent)
        fresh = sent["etag"] == ETAG if self.use_etag else sent["since"] == MODIFIED
        headers = {"ETag": ETAG} if self.use_etag else {"Last-Modified": MODIFIED}
        if fresh:
            return Response(status=304, headers=headers)
        return Response(day_feed(DATE), headers=headers, content_type="application/rss+xml")

    def api(self, request: Request) -> Response:
        self.api_requests += 1
        return Response(EMPTY_API, content_type="application/atom+xml")


def _setup(httpserver, arxiv_env, server: ConditionalFeed):
    httpserver.expect_request("/rss/" + COMBINED).respond_with_handler(server.feed)
    httpserver.expect_request("/api/query").respond_with_handler(server.api)
    return load_settings(env=arxiv_env | {"DIGEST_CATEGORIES": COMBINED.replace("+", ",")})


def _snapshot(folder):
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _enrich_all(settings):
    # Mark every stored paper enriched, as a run with a working API would have left them.
    import dataclasses

    store = ContentStore(settings.content_dir)
    day = store.read_day(DATE)
    store.write_day(dataclasses.replace(day, papers=tuple(dataclasses.replace(p, enrichment=1) for p in day.papers)))


def test_rerun_sends_the_etag_gets_304_and_makes_no_api_request(httpserver, arxiv_env):
    server = ConditionalFeed(use_etag=True)
    settings = _setup(httpserver, arxiv_env, server)
    fetch_latest(settings)
    _enrich_all(settings)
    before = _snapshot(settings.content_dir)
    api_before = server.api_requests

    report = fetch_latest(settings)

    assert server.seen == [{"etag": None, "since": None}, {"etag": ETAG, "since": None}]
    assert report.status == "unchanged" and report.date == DATE and report.papers == 400
    assert report.requests == 1 and server.api_requests == api_before
    assert _snapshot(settings.content_dir) == before  # nothing rewritten


def test_rerun_sends_if_modified_since_when_the_server_gives_last_modified(httpserver, arxiv_env):
    server = ConditionalFeed(use_etag=False)
    settings = _setup(httpserver, arxiv_env, server)
    fetch_latest(settings)
    report = fetch_latest(settings)
    assert server.seen[1] == {"etag": None, "since": MODIFIED}
    assert report.status == "unchanged" and report.papers == 400


def test_validator_is_ignored_when_its_day_is_no_longer_stored(httpserver, arxiv_env):
    server = ConditionalFeed()
    settings = _setup(httpserver, arxiv_env, server)
    fetch_latest(settings)
    ContentStore(settings.content_dir).day_path(DATE).unlink()
    report = fetch_latest(settings)
    assert server.seen[1] == {"etag": None, "since": None}
    assert report.status == "written" and ContentStore(settings.content_dir).read_day(DATE) is not None


def test_304_still_retries_enrichment_left_over_by_an_api_outage(httpserver, arxiv_env):
    # Not modified says nothing about the API: papers still without details are asked for.
    server = ConditionalFeed()
    settings = _setup(httpserver, arxiv_env, server)
    fetch_latest(settings)  # the empty API reply leaves all 400 papers un-enriched
    asked = server.api_requests
    report = fetch_latest(settings)
    assert report.status == "unchanged" and server.seen[1]["etag"] == ETAG
    assert server.api_requests - asked == 4  # 400 ids in batches of 100


def test_a_corrupt_validators_file_is_one_clear_error_and_check_still_passes(
    httpserver, arxiv_env, monkeypatch, capsys
):
    from generator.cli import main

    server = ConditionalFeed()
    settings = _setup(httpserver, arxiv_env, server)
    fetch_latest(settings)
    for key, value in arxiv_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("DIGEST_CATEGORIES", COMBINED.replace("+", ","))
    assert main(["check"]) == 0  # the validators file sits beside the days without upsetting check
    (settings.content_dir / "fetch-validators.json").write_text("[1, 2]")
    capsys.readouterr()
    assert main(["fetch"]) == 1
    err = capsys.readouterr().err.strip()
    assert "fetch-validators.json" in err and "delete it" in err and len(err.splitlines()) == 1
