"""Shared test fixtures: real recorded arXiv data served from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from lxml import etree
from werkzeug import Request, Response

from generator.config import load_settings

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"
SAMPLE_DATE = "2026-06-24"
SAMPLE_CATEGORIES = "cs.AI,cs.CE,cs.CL,cs.CV,cs.GT,cs.IT"
ATOM = "http://www.w3.org/2005/Atom"


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    """Tests may only talk to loopback: any other connection attempt fails loudly."""
    real = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")):
            raise OSError(f"test tried to reach the network: {address}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def fixture_bytes(*parts: str) -> bytes:
    return FIXTURES.joinpath(*parts).read_bytes()


def recorded_api_body(name: str) -> tuple[int, bytes]:
    """arxiv.py's recorded replies store the body decoded as latin-1 (see SOURCES.md)."""
    data = json.loads(fixture_bytes("api", "lukasschwab-arxiv.py", name))
    return data["status_code"], data["body"].encode("latin-1")


class RequestLog:
    """What the loopback server saw: (monotonic time, path, query args) per request."""

    def __init__(self) -> None:
        self.entries: list[tuple[float, str, dict]] = []

    def record(self, request: Request) -> None:
        self.entries.append((time.monotonic(), request.path, dict(request.args)))

    def paths(self) -> list[str]:
        return [p for _, p, _ in self.entries]

    def gaps(self) -> list[float]:
        times = [t for t, _, _ in self.entries]
        return [b - a for a, b in zip(times, times[1:])]


class ApiFromEntries:
    """Answers /api/query?id_list=... from a file of API entries, like the real API."""

    def __init__(self, atom_xml: bytes, log: RequestLog):
        root = etree.fromstring(atom_xml)
        self.entries = {}
        for entry in root.iter(f"{{{ATOM}}}entry"):
            vid = entry.findtext(f"{{{ATOM}}}id").rsplit("/abs/", 1)[1]
            self.entries[vid.rsplit("v", 1)[0]] = etree.tostring(entry)
        self.log = log

    def __call__(self, request: Request) -> Response:
        self.log.record(request)
        ids = [i for i in request.args.get("id_list", "").split(",") if i]
        found = [self.entries[i] for i in ids if i in self.entries]
        body = (
            (
                f'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="{ATOM}" '
                'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
                'xmlns:arxiv="http://arxiv.org/schemas/atom">'
                "<id>https://arxiv.org/api/test</id><title>arXiv Query</title>"
                "<updated>2026-06-24T04:00:00Z</updated>"
                f"<opensearch:totalResults>{len(found)}</opensearch:totalResults>"
                "<opensearch:startIndex>0</opensearch:startIndex>"
                f"<opensearch:itemsPerPage>{len(found)}</opensearch:itemsPerPage>"
            ).encode()
            + b"".join(found)
            + b"</feed>"
        )
        return Response(body, content_type="application/atom+xml; charset=utf-8")


def logged(
    log: RequestLog,
    status: int = 200,
    body: bytes = b"",
    headers: dict | None = None,
    content_type: str = "application/rss+xml; charset=utf-8",
):
    """A handler that records the request and answers with a fixed response."""

    def handler(request: Request) -> Response:
        log.record(request)
        return Response(body, status=status, headers=headers or {}, content_type=content_type)

    return handler


def sequence(log: RequestLog, *responses: tuple[int, bytes, dict]):
    """A handler answering with the given (status, body, headers) in turn, the last one forever."""
    queue = list(responses)

    def handler(request: Request) -> Response:
        log.record(request)
        status, body, headers = queue.pop(0) if len(queue) > 1 else queue[0]
        return Response(body, status=status, headers=headers, content_type="application/rss+xml")

    return handler


@pytest.fixture
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def arxiv_env(httpserver, tmp_path) -> dict[str, str]:
    """Environment that points every arXiv endpoint at the loopback server, with tiny delays."""
    return {
        "DIGEST_ARXIV_RSS_URL": httpserver.url_for("/rss/"),
        "DIGEST_ARXIV_API_URL": httpserver.url_for("/api/query"),
        "DIGEST_ARXIV_PDF_URL": httpserver.url_for("/pdf/"),
        "DIGEST_REQUEST_DELAY": "0.05",
        "DIGEST_RETRY_BACKOFF": "0.01",
        "DIGEST_HTTP_TIMEOUT": "5",
        "DIGEST_HTTP_ATTEMPTS": "3",
        "DIGEST_CONTENT_DIR": str(tmp_path / "content"),
        "DIGEST_SITE_DIR": str(tmp_path / "site"),
        "DIGEST_CATEGORIES": SAMPLE_CATEGORIES,
        "DIGEST_CONTACT": "tests@example.org",
    }


@pytest.fixture
def arxiv_settings(arxiv_env):
    return load_settings(env=arxiv_env)


@pytest.fixture
def serve_sample_day(httpserver, request_log):
    """Serve the rebuilt real 266-paper day: listing feed + API answering id_list queries."""
    day = FIXTURES / "rebuilt" / SAMPLE_DATE
    rss_path = "/rss/" + SAMPLE_CATEGORIES.replace(",", "+")
    httpserver.expect_request(rss_path).respond_with_handler(logged(request_log, body=(day / "rss.xml").read_bytes()))
    httpserver.expect_request("/api/query").respond_with_handler(
        ApiFromEntries((day / "api.xml").read_bytes(), request_log)
    )
    return request_log


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test of the session: Playwright's sync API allows one
    running instance per thread, so each test file having its own would fail when files share a run."""
    from browser_support import CHROMIUM_ARGS, chromium_path, require

    path = chromium_path()
    require("Chromium (apt-get install chromium)", path is not None)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh 1280x900 page whose uncaught script errors collect in page.errors (test_browser.py
    overrides it to collect console errors too)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.errors = []
    p.on("pageerror", lambda err: p.errors.append(str(err)))
    yield p
    context.close()


@pytest.fixture
def no_racy_window(monkeypatch):
    """Files written by the test a moment ago count as settled in the content memo (the window is
    for coarse clocks): the memo then remembers them, and its facts are used by the next build."""
    from generator.render import contentmemo

    monkeypatch.setattr(contentmemo, "_RACY_NS", 0)
