"""Regenerate content/days/2026-06-24.json through our own fetch stage, offline.

Serves the rebuilt real day (tests/fixtures/arxiv/rebuilt/2026-06-24, see its README) from a
loopback HTTP server and runs `fetch_latest` against it, so the committed sample is exactly what
the pipeline writes and passes `digest check`. Needs the test extras (pytest-httpserver).
Run: .venv/bin/python scripts/make_sample_content.py
"""

import sys
from pathlib import Path

from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import FIXTURES, SAMPLE_CATEGORIES, SAMPLE_DATE, ApiFromEntries, RequestLog, logged  # noqa: E402

from generator.config import load_settings  # noqa: E402
from generator.fetch.stage import fetch_latest  # noqa: E402


def main() -> None:
    day = FIXTURES / "rebuilt" / SAMPLE_DATE
    log = RequestLog()
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/rss/" + SAMPLE_CATEGORIES.replace(",", "+")).respond_with_handler(
        logged(log, body=(day / "rss.xml").read_bytes())
    )
    server.expect_request("/api/query").respond_with_handler(ApiFromEntries((day / "api.xml").read_bytes(), log))
    server.start()
    try:
        settings = load_settings(
            env={
                "DIGEST_ARXIV_RSS_URL": server.url_for("/rss/"),
                "DIGEST_ARXIV_API_URL": server.url_for("/api/query"),
                "DIGEST_CATEGORIES": SAMPLE_CATEGORIES,
                "DIGEST_CONTENT_DIR": str(ROOT / "content"),
                "DIGEST_REQUEST_DELAY": "0.1",
            }
        )
        print(fetch_latest(settings).summary())
    finally:
        server.stop()


if __name__ == "__main__":
    main()
