"""Regenerate the committed sample (content/days/) through our own fetch stage, offline.

Four real announcement days, each served from a loopback HTTP server and fetched by `fetch_latest`,
so the sample is exactly what the pipeline writes and passes `digest check`:
- 2025-06-04, 2025-06-05, 2025-06-06: the real joined days of the combined feed
  cs.CL+cs.CV+cs.MM+cs.LG+cs.SI (tests/fixtures/arxiv/daily/joined-2025-06, see its SOURCES.md),
  with every announce type, versions v1-v5 and papers recurring across days. The API is answered
  from the same folder's `<day>.papers.json`: each id's real `comment` (as arXiv's API showed it
  at dengwei's crawl). Their submission dates were not recorded, so the replies carry the arxiv
  package's own "no date" value (0001-01-01), which enrichment stores as null: nothing invented.
- 2026-06-24: the rebuilt real day of tests/fixtures/arxiv/rebuilt/2026-06-24 (266 `new` papers,
  the sample the render and browser tests were written against).
Needs the test extras (pytest-httpserver). Run: .venv/bin/python scripts/make_sample_content.py
"""

import json
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import FIXTURES, SAMPLE_CATEGORIES, SAMPLE_DATE, ApiFromEntries, RequestLog, logged  # noqa: E402

from generator.config import load_settings  # noqa: E402
from generator.fetch.stage import fetch_latest  # noqa: E402

JOINED = FIXTURES / "daily" / "joined-2025-06"
JOINED_CATEGORIES = "cs.CL,cs.CV,cs.MM,cs.LG,cs.SI"
JOINED_DAYS = ("2025-06-04", "2025-06-05", "2025-06-06")
NO_DATE = "0001-01-01T00:00:00Z"
"""arxiv._DEFAULT_TIME: the arxiv package's parser needs a date; this one means "unknown"."""


def _api_entry(record: dict) -> str:
    comment = record.get("comment")
    cats = "".join(f'<category term="{escape(c)}"/>' for c in record["categories"])
    return (
        f"<entry><id>http://arxiv.org/abs/{record['id']}v{record['version']}</id>"
        f"<updated>{NO_DATE}</updated><published>{NO_DATE}</published><title>-</title><summary>-</summary>"
        + (f"<arxiv:comment>{escape(comment)}</arxiv:comment>" if comment else "")
        + f'<arxiv:primary_category term="{escape(record["categories"][0])}"/>{cats}</entry>'
    )


def joined_api(date: str) -> bytes:
    records = json.loads((JOINED / f"{date}.papers.json").read_text("utf-8"))["papers"]
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        + "".join(_api_entry(r) for r in records)
        + "</feed>"
    ).encode()


def _fetch(server: HTTPServer, content: Path, codes: str, rss: bytes, api: bytes, date: str) -> str:
    log = RequestLog()
    server.clear()
    server.expect_request("/rss/" + codes.replace(",", "+")).respond_with_handler(logged(log, body=rss))
    server.expect_request("/api/query").respond_with_handler(ApiFromEntries(api, log))
    settings = load_settings(
        env={
            "DIGEST_ARXIV_RSS_URL": server.url_for("/rss/"),
            "DIGEST_ARXIV_API_URL": server.url_for("/api/query"),
            "DIGEST_CATEGORIES": codes,
            "DIGEST_CONTENT_DIR": str(content),
            "DIGEST_REQUEST_DELAY": "0.01",
        }
    )
    return fetch_latest(settings, expected_date=date).summary()


def build(content: Path) -> list[str]:
    """Write the sample days into `content` (its days/ emptied first); one summary line per day."""
    for old in (content / "days").glob("*.json"):
        old.unlink()
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    out = []
    try:
        for date in JOINED_DAYS:
            rss = (JOINED / f"{date}_{JOINED_CATEGORIES.replace(',', '+')}.xml").read_bytes()
            out.append(_fetch(server, content, JOINED_CATEGORIES, rss, joined_api(date), date))
        day = FIXTURES / "rebuilt" / SAMPLE_DATE
        rss, api = (day / "rss.xml").read_bytes(), (day / "api.xml").read_bytes()
        out.append(_fetch(server, content, SAMPLE_CATEGORIES, rss, api, SAMPLE_DATE))
    finally:
        server.stop()
    return out


if __name__ == "__main__":
    print("\n".join(build(ROOT / "content")))
