"""Rebuild raw rss.arxiv.org and API XML for the real 2026-06-24 day from dw-dengwei's JSONL.

The JSONL (tests/fixtures/arxiv/daily/...) holds real metadata of 266 papers but no raw feed, so
this writes what arXiv would have served, keeping every real field value:
  tests/fixtures/arxiv/rebuilt/2026-06-24/rss.xml    RSS 2.0, categories joined as in our config
  tests/fixtures/arxiv/rebuilt/2026-06-24/api.xml    API Atom with every entry (the test server
                                                     answers id_list queries from it)
Derived, not recorded: announce types (primary in the fetched categories -> new, else cross),
the version (all were v1 on that day), and the API <published>/<updated> times, which the JSONL
lacks: they are set to the announcement's midnight (04:00 UTC) so parsers accept the entries.
Run: .venv/bin/python scripts/rebuild_sample_feeds.py
"""

import datetime as dt
import json
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "arxiv"
SRC = ROOT / "daily" / "dw-dengwei-daily-arXiv-ai-enhanced" / "2026-06-24.jsonl"
OUT = ROOT / "rebuilt" / "2026-06-24"
CATEGORIES = ["cs.AI", "cs.CE", "cs.CL", "cs.CV", "cs.GT", "cs.IT"]
PUB = dt.datetime(2026, 6, 24, tzinfo=dt.timezone(dt.timedelta(hours=-4)))


def rows() -> list[dict]:
    seen: dict[str, dict] = {}
    for line in SRC.read_text("utf-8").splitlines():
        row = json.loads(line)
        seen.setdefault(row["id"], row)  # the JSONL repeats a paper once per category listing
    return list(seen.values())


def rss(papers: list[dict]) -> str:
    pub = format_datetime(PUB)
    items = []
    order = {"new": 0, "cross": 1}
    typed = sorted(
        ((("new" if p["categories"][0] in CATEGORIES else "cross"), p) for p in papers),
        key=lambda t: (order[t[0]], t[1]["id"]),
    )
    for kind, p in typed:
        cats = "".join(f"\n      <category>{escape(c)}</category>" for c in p["categories"])
        items.append(f"""    <item>
      <title>{escape(p["title"])}</title>
      <link>https://arxiv.org/abs/{p["id"]}</link>
      <description>arXiv:{p["id"]}v1 Announce Type: {kind}
Abstract: {escape(p["summary"])}</description>
      <guid isPermaLink="false">oai:arXiv.org:{p["id"]}v1</guid>{cats}
      <pubDate>{pub}</pubDate>
      <arxiv:announce_type>{kind}</arxiv:announce_type>
      <dc:creator>{escape(", ".join(p["authors"]))}</dc:creator>
    </item>""")
    query = "+".join(CATEGORIES)
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title>{", ".join(CATEGORIES)} updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/{query}</link>
    <description>{", ".join(CATEGORIES)} updates on the arXiv.org e-print archive.</description>
    <language>en-us</language>
    <lastBuildDate>Wed, 24 Jun 2026 04:00:00 +0000</lastBuildDate>
    <pubDate>{pub}</pubDate>
{chr(10).join(items)}
  </channel>
</rss>
"""


def api(papers: list[dict]) -> str:
    stamp = "2026-06-24T04:00:00Z"
    entries = []
    for p in papers:
        authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in p["authors"])
        cats = "".join(
            f'<category term="{escape(c)}" scheme="http://arxiv.org/schemas/atom"/>' for c in p["categories"]
        )
        comment = f"<arxiv:comment>{escape(p['comment'])}</arxiv:comment>" if p["comment"] else ""
        entries.append(f"""  <entry>
    <id>http://arxiv.org/abs/{p["id"]}v1</id>
    <title>{escape(p["title"])}</title>
    <updated>{stamp}</updated>
    <link href="https://arxiv.org/abs/{p["id"]}v1" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{p["id"]}v1" rel="related" type="application/pdf" title="pdf"/>
    <summary>{escape(p["summary"])}</summary>
    {cats}
    <published>{stamp}</published>
    {comment}
    <arxiv:primary_category term="{escape(p["categories"][0])}"/>
    {authors}
  </entry>""")
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/rebuilt-2026-06-24</id>
  <title>arXiv Query: rebuilt 2026-06-24</title>
  <updated>{stamp}</updated>
  <link href="https://arxiv.org/api/query" type="application/atom+xml"/>
  <opensearch:itemsPerPage>{len(papers)}</opensearch:itemsPerPage>
  <opensearch:totalResults>{len(papers)}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
{chr(10).join(entries)}
</feed>
"""


def main() -> None:
    papers = rows()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "rss.xml").write_text(rss(papers), "utf-8")
    (OUT / "api.xml").write_text(api(papers), "utf-8")
    print(f"wrote {len(papers)} papers to {OUT}")


if __name__ == "__main__":
    main()
