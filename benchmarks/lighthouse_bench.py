"""Screening-page benchmark (not a test): `.venv/bin/python benchmarks/lighthouse_bench.py [--keep DIR]`.

See benchmarks/README.md ("Screening pages") for what each printed number means.

Builds a realistic 1,500-paper all-cs announcement day from real recorded text (titles, abstracts,
authors, comments and category mixes of the three real joined-2025-06 combined feeds in
/work/shared/fixtures/arxiv/daily/ and of content/days/), renders it with our real `render_site`,
serves the site gzip-compressed on 127.0.0.1 (as GitHub Pages does), runs Lighthouse (npm
`lighthouse`, mobile preset, driving Debian's Chromium) on home, the largest listing page and a
paper page, and prints the results next to the goals of issue 13, then the weight of one listing
entry (DOM elements, markup bytes beyond its own title/authors/abstract text).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import http.server
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import Settings  # noqa: E402
from generator.content.model import Day, Faq, FaqItem, Paper  # noqa: E402
from generator.content.store import ContentStore  # noqa: E402
from generator.faq.markdown import faq_html  # noqa: E402
from generator.fetch.listing import parse_listing  # noqa: E402
from generator.render.stage import render_site  # noqa: E402

FEEDS = Path("/work/shared/fixtures/arxiv/daily/joined-2025-06")
DATE = "2025-06-09"
MIX = {"new": 705, "cross": 345, "replace": 361, "replace-cross": 73}
"""A real all-cs day (issue 13): 1,484 announcements."""
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


# --- the day -------------------------------------------------------------------------------------
def real_papers() -> list[Paper]:
    """Every distinct paper of the recorded feeds and the committed content, in a fixed order."""
    seen: dict[str, Paper] = {}
    for feed in sorted(FEEDS.glob("*.xml")):
        for p in parse_listing(feed.read_bytes(), str(feed)).papers:
            seen.setdefault(p.id, p)
    for day in ContentStore(ROOT / "content").iter_days():
        for p in day.papers:
            seen.setdefault(p.id, p)
    return list(seen.values())


def _order(cats: tuple[str, ...], cross: bool, foreign: list[tuple[str, ...]], rng: random.Random) -> tuple:
    """Categories with a cs primary (new/replace) or a non-cs primary cross-listed to cs (cross)."""
    cs = [c for c in cats if c.startswith("cs.")] or ["cs.LG"]
    other = [c for c in cats if not c.startswith("cs.")]
    if not cross:
        return tuple(cs + other)
    if not other:
        other = list(rng.choice(foreign))  # a real non-cs mix from another paper of the feeds
    return tuple(other[:1] + cs + other[1:])


def build_day(pool: list[Paper], rng: random.Random) -> Day:
    foreign = [tuple(c for c in p.categories if not c.startswith("cs.")) for p in pool]
    foreign = [f for f in foreign if f]
    kinds = [k for k, n in MIX.items() for _ in range(n)]
    rng.shuffle(kinds)
    papers = []
    for i, kind in enumerate(kinds):
        src = pool[i % len(pool)]
        replaced = kind.startswith("replace")
        pid = f"{'2504' if replaced else '2506'}.{10000 + i:05d}"
        cats = _order(src.categories, kind.endswith("cross"), foreign, rng)
        version = rng.randint(2, 5) if replaced else 1
        papers.append(dataclasses.replace(src, id=pid, categories=cats, announce_type=kind, version=version))
    return Day(date=DATE, categories=("cs",), papers=tuple(papers))


def fake_faq(paper: Paper) -> Faq:
    """A six-question FAQ made of the paper's own sentences (the size and shape of a real one)."""
    sentences = [s.strip() for s in paper.abstract.replace("\n", " ").split(". ") if s.strip()]
    questions = ("What problem does it address?", "What is the method?", "What data is used?",
                 "What are the results?", "What are the limitations?", "Who should read it?")  # fmt: skip
    items = tuple(FaqItem(q, sentences[i % len(sentences)] + ".") for i, q in enumerate(questions))
    return Faq(paper.id, paper.version, "bench-1", "bench-model", "en", "abstract",
               "2025-06-09T12:00:00Z", items, faq_html(items))  # fmt: skip


def build_site(work: Path) -> Settings:
    rng = random.Random(13)
    day = build_day(real_papers(), rng)
    store = ContentStore(work / "content")
    store.write_day(day)
    for paper in day.papers[::3]:
        store.write_faq(fake_faq(paper))
    settings = Settings(categories=("cs",), content_dir=work / "content", site_dir=work / "site")
    render_site(settings, ROOT / "templates", with_search=False)
    return settings


# --- serving -------------------------------------------------------------------------------------
class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text compressed with gzip as GitHub Pages sends them."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        packed = ctype.startswith(("text/", "application/javascript", "application/json", "image/svg"))
        if packed:
            body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if packed:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = lambda *a, **k: GzipHandler(*a, directory=str(site), **k)  # noqa: E731
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


# --- measuring -----------------------------------------------------------------------------------
def largest_listing(site: Path) -> Path:
    """The category/archive listing page with the most entries (the biggest in bytes among those)."""
    pages = [p for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in ("arxiv", "days", "index.html")]
    return max(pages, key=lambda p: (entries(p), p.stat().st_size))


def entries(page: Path) -> int:
    return len(re.findall(r'<article class="paper[ "]', page.read_text()))


def lighthouse(url: str, out: Path) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           "--only-categories=performance,accessibility,best-practices,seo", f"--chrome-flags={CHROME_FLAGS}"]  # fmt: skip
    subprocess.run(cmd, check=True, env=dict(os.environ, CHROME_PATH=CHROME), timeout=600)
    report = json.loads(out.read_text())
    audits, cats = report["audits"], report["categories"]
    return {
        "perf": round(cats["performance"]["score"] * 100),
        "TBT": audits["total-blocking-time"]["numericValue"] / 1000,
        "LCP": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "CLS": audits["cumulative-layout-shift"]["numericValue"],
        "DOM": audits["dom-size"]["numericValue"],
        "a11y": round(cats["accessibility"]["score"] * 100),
        "bp": round(cats["best-practices"]["score"] * 100),
        "seo": round(cats["seo"]["score"] * 100),
        "failed": [
            k
            for k, a in audits.items()
            if a.get("score") is not None
            and a["score"] < 0.9
            and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        ],  # fmt: skip
    }


def entry_weight(page: Path) -> tuple[int, float, float, float]:
    """(entries, mean elements per entry, mean markup bytes beyond own text, mean own-text bytes)
    of a listing page as served, before any script runs."""
    tree = lxml_html.fromstring(page.read_bytes())
    arts = tree.xpath('//article[contains(concat(" ", @class, " "), " paper ")]')
    elements = markup = own = 0
    for art in arts:
        elements += sum(1 for e in art.iter() if isinstance(e.tag, str))
        whole = len(lxml_html.tostring(art, encoding="utf-8"))
        text = sum(
            len(lxml_html.tostring(n, method="text", encoding="utf-8"))
            for n in art.xpath('./h3 | .//*[@class="authors" or @class="abstract"]')
        )
        markup += whole - text
        own += text
    n = max(1, len(arts))
    return len(arts), elements / n, markup / n, own / n


INTERACTIONS_JS = """async (steps) => {
    const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    const frames = [];
    new PerformanceObserver(l => frames.push(...l.getEntries())).observe({type: 'long-animation-frame'});
    const windows = [];
    for (const [name, act, settle] of steps) {
        const t0 = performance.now();  // the step's frames start in the task that ends this quiet gap
        await new Promise(r => setTimeout(r, 200));
        await (new Function(act))();
        await new Promise(r => setTimeout(r, settle));
        await frame();
        windows.push([name, t0, performance.now()]);
    }
    await new Promise(r => setTimeout(r, 500));
    const out = {};
    for (const [name, t0, t1] of windows)
        out[name] = Math.max(0, ...frames.filter(f => f.startTime >= t0 && f.startTime < t1).map(f => f.duration));
    return out;
}"""
STEPS = [
    ("type filter: Replaced", "document.querySelector('.type-filter input[value=replace]').click()", 0),
    ("type filter: All", "document.querySelector('.type-filter input[value=all]').click()", 0),
    (
        "keyword 'learning'",
        "const k = document.getElementById('kw'); k.value = 'learning';"
        " k.dispatchEvent(new Event('input', {bubbles: true}))",
        300,
    ),  # fmt: skip
    ("keep the rest", "document.getElementById('kw-only').click()", 0),  # the filter hides the rest by default
    ("matches first", "document.getElementById('kw-top').click()", 0),
    (
        "j x5",
        "for (let i = 0; i < 5; i++) document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'j', bubbles: true}))",
        0,
    ),
]


def interactions(url: str, runs: int = 3) -> dict:
    """Main-thread time of each screening interaction with a 4x CPU slowdown (Chromium's Long
    Animation Frames: the longest frame the interaction caused; 0 = no frame over 50 ms), the
    median of `runs` fresh page loads."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROME, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.wait_for_load_state("load")
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
            results.append(page.evaluate(INTERACTIONS_JS, [list(s) for s in STEPS]))
            page.close()
        browser.close()
    return {name: statistics.median(r[name] for r in results) for name, _, _ in STEPS}


def print_table(rows: list[tuple[str, dict]], runs: int) -> None:
    print(f"Lighthouse, mobile preset, median of {runs} runs per page:")
    print("| page | perf | TBT | LCP | CLS | DOM elements | a11y | best pr. | SEO |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['perf']} | {r['TBT']:.2f} s | {r['LCP']:.1f} s | {r['CLS']:.3f} | {r['DOM']:,.0f} "
              f"| {r['a11y']} | {r['bp']} | {r['seo']} |")  # fmt: skip
    print("| goal (home, listing) | ≥ 95 | < 0.2 s | | < 0.02 | | 100 | 100 | 100 |")
    for name, r in rows:
        if r["failed"]:
            print(f"  {name}: audits below 0.9: {', '.join(sorted(r['failed']))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build into this folder and keep it (default: a temporary one)")
    ap.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median run is shown")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="lh-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    settings = build_site(work)
    site = Path(settings.site_dir)
    listing = largest_listing(site)
    day = ContentStore(work / "content").read_day(DATE)
    paper = site / "arxiv" / day.papers[0].id / "index.html"
    mix = {k: sum(p.announce_type == k for p in day.papers) for k in MIX}
    print(f"day {DATE}: {len(day.papers)} papers {mix}, {len(day.papers[::3])} FAQs; site in {site}")
    httpd, url = serve(site)
    rows = []
    listing_url = url + listing.relative_to(site).parent.as_posix() + "/"
    try:
        timings = interactions(listing_url)
        for name, page in (("home", site / "index.html"), ("largest listing", listing), ("paper page", paper)):
            rel = page.relative_to(site).parent.as_posix()
            target = url + ("" if rel == "." else rel + "/")
            n = entries(page)
            label = f"{name} ({n} papers, /{'' if rel == '.' else rel + '/'})" if n else name
            runs = [lighthouse(target, work / f"lh-{name.replace(' ', '-')}-{i}.json") for i in range(args.runs)]
            rows.append((label, sorted(runs, key=lambda r: (r["perf"], -r["TBT"]))[len(runs) // 2]))
    finally:
        httpd.shutdown()
    print_table(rows, args.runs)
    print(f"\ninteractions on {listing_url[len(url) - 1 :]} with 4x CPU slowdown (goal: < 100 ms main thread each):")
    for name, ms in timings.items():
        print(f"  {name}: longest frame {ms:.0f} ms" + (" (none over 50 ms)" if ms == 0 else ""))
    n, elements, markup, own = entry_weight(listing)
    print(f"\nlisting entry ({n} on {listing.relative_to(site)}, as served): {elements:.1f} elements "
          f"(goal ≤ 15), {markup:.0f} bytes of markup beyond its own text (goal ≤ 600; own text {own:.0f} bytes); "
          f"page {listing.stat().st_size / 1024:.0f} KB, {len(gzip.compress(listing.read_bytes())) / 1024:.0f} KB gzip")  # fmt: skip


if __name__ == "__main__":
    main()
