"""Screening-tools benchmark (not a test): `.venv/bin/python benchmarks/screening_bench.py [--keep DIR]`.

The longest main-thread frame each screening tool of issue 14 causes on a 1,484-paper page (the
realistic all-cs day of lighthouse_bench.py, rendered with listing pages large enough to hold the
whole day on one page), with a 4x CPU slowdown (CDP Emulation.setCPUThrottlingRate), measured with
Chromium's Long Animation Frames as in lighthouse_bench.py (0 = no frame over 50 ms). Goal: < 100 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import tempfile
from pathlib import Path

import lighthouse_bench as lb

from generator.content.store import ContentStore
from generator.render.stage import render_site

PAGE = 2000
"""listing_page_size: above the day's 1,484 papers, so home and the cs listing are one page each."""


def _typed(text: str) -> str:
    return (
        f"const k = document.getElementById('kw'); k.value = {text!r};"
        " k.dispatchEvent(new Event('input', {bubbles: true}))"
    )


STEPS = [
    ("filter 'learning' (hides the rest)", _typed("learning"), 300),
    ("filter 'diffusion OR video -survey, au:wang'", _typed("diffusion OR video -survey, au:wang"), 300),
    ("hide the rest: off", "document.getElementById('kw-only').click()", 0),
    ("matches first", "document.getElementById('kw-top').click()", 0),
    ("filter cleared", _typed(""), 300),
    ("type filter: Replaced", "document.querySelector('.type-filter input[value=replace]').click()", 0),
    ("type filter: All", "document.querySelector('.type-filter input[value=all]').click()", 0),
    (
        "j x5",
        "for (let i = 0; i < 5; i++) document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'j', bubbles: true}))",
        0,
    ),
]


def build(work: Path, page_size: int = PAGE) -> Path:
    rng = random.Random(13)
    day = lb.build_day(lb.real_papers(), rng)
    store = ContentStore(work / "content")
    store.write_day(day)
    for paper in day.papers[::3]:
        store.write_faq(lb.fake_faq(paper))
    settings = lb.Settings(categories=("cs",), content_dir=work / "content", site_dir=work / "site")
    settings = dataclasses.replace(settings, listing_page_size=page_size)
    render_site(settings, lb.ROOT / "templates", with_search=False)
    return Path(settings.site_dir)


def frames(url: str, steps: list, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=lb.CHROME, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.wait_for_load_state("load")
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
            results.append(page.evaluate(lb.INTERACTIONS_JS, [list(s) for s in steps]))
            page.close()
        browser.close()
    return {name: statistics.median(r[name] for r in results) for name, _, _ in steps}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, help="build into this folder and keep it (default: a temporary one)")
    ap.add_argument("--runs", type=int, default=3, help="fresh page loads per page; the median is shown")
    ap.add_argument(
        "--page-size", type=int, default=PAGE, help="listing_page_size (default: the whole day on one page)"
    )
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="screen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    site = build(work, args.page_size)
    httpd, url = lb.serve(site)
    try:
        for rel in ("", f"cs/{lb.DATE}/"):
            n = lb.entries(site / rel / "index.html")
            print(f"/{rel} ({n} papers), 4x CPU slowdown, longest frame (goal < 100 ms):")
            for name, ms in frames(url + rel, STEPS, args.runs).items():
                print(f"  {name}: {ms:.0f} ms" + (" (none over 50 ms)" if ms == 0 else ""))
    finally:
        httpd.shutdown()


if __name__ == "__main__":
    main()
