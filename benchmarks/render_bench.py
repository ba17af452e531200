"""Render benchmark (not a test): `.venv/bin/python benchmarks/render_bench.py [--sizes 10000,50000]`.

See benchmarks/README.md for what each printed number means.

Builds a synthetic corpus shaped like the committed sample day (titles, abstracts, authors and
category mixes drawn from it; ~500 papers a day, every paper with its own page), then prints, for
each size: full render pages/s; the ratio to a bare jinja2 loop rendering and writing the same pages
with the same templates (our ceiling); the ratio to Hugo building the same paper pages from the same
data (skipped with a note if `hugo` is missing); no-op and one-new-day rebuilds as fractions of the
full build; peak RSS. Each size runs in its own process so peak memory is per size.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import render  # noqa: E402
from generator.config import Settings  # noqa: E402
from generator.layout import ContentStore  # noqa: E402
from generator.renderpool import locality  # noqa: E402
from generator.search import index_site  # noqa: E402
from generator.models import Day, Paper  # noqa: E402
from generator.sitemodel import load_model  # noqa: E402

PER_DAY = 500
SAMPLE = ROOT / "content" / "days" / "2026-06-24.json"
CATS = ("cs.AI", "cs.CE", "cs.CL", "cs.CV", "cs.GT", "cs.IT")


def synthetic_day(index: int, start_id: int, rng: random.Random, sample: list[dict]) -> Day:
    date = f"{2020 + index // 250}-{1 + (index // 20) % 12:02d}-{1 + index % 20:02d}"
    kinds = ["new"] * 7 + ["cross", "replace", "replace-cross"]
    papers = []
    for i in range(PER_DAY):
        src = rng.choice(sample)
        d = dict(src, id=f"{2000 + index // 20 % 100:04d}.{start_id + i:05d}", announce_type=rng.choice(kinds))
        d["categories"] = [rng.choice(CATS)] + [c for c in src["categories"][1:] if c != "cs.AI"][:2]
        d["primary_category"] = d["categories"][0]
        papers.append(Paper.from_dict(d))
    return Day(date=date, categories=CATS, papers=tuple(papers))


def make_corpus(root: Path, n: int) -> tuple[ContentStore, random.Random, list[dict]]:
    rng = random.Random(42)
    sample = json.loads(SAMPLE.read_text())["papers"]
    store = ContentStore(root)
    for day_index in range(n // PER_DAY):
        store.write_day(synthetic_day(day_index, day_index * PER_DAY % 90000, rng, sample))
    return store, rng, sample


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def bare_loop(settings: Settings, out: Path) -> tuple[float, int]:
    """The same templates and contexts, rendered and written with no other work (contexts prebuilt)."""
    static = render._static_files()
    env = render.make_env(render.find_templates(settings), static)
    outputs = [o for o in render.gather(settings, load_model(settings), env, static) if o.path.endswith(".html")]
    # produce() is exactly `template.render(context).encode()` with the page's prebuilt context;
    # pages go in the renderer's order (grouped by day), where repeated listing entries are reused.
    outputs.sort(key=lambda o: locality((o.path,)))
    jobs = [(out / o.path, o.produce) for o in outputs]
    for folder in sorted({p.parent for p, _ in jobs}):
        folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    for path, produce in jobs:
        path.write_bytes(produce())
    return time.perf_counter() - t, len(jobs)


HUGO_SINGLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>
<main id="main"><article class="paper-page"><h1 class="paper-title">{{ .Title }}</h1>
<p class="authors">{{ delimit .Params.authors ", " }}</p>
<p class="cats">{{ range .Params.cats }}<span class="cat">{{ . }}</span> {{ end }}</p>
<section class="abstract"><h2>Abstract</h2>{{ range .Params.paragraphs }}<p>{{ . }}</p>{{ end }}</section>
{{ with .Params.comment }}<p class="comment">{{ . }}</p>{{ end }}
<nav class="links"><a class="abs" href="https://arxiv.org/abs/{{ .Params.arxiv }}">abs</a>
<a class="pdf" href="https://arxiv.org/pdf/{{ .Params.arxiv }}">pdf</a></nav>
<section id="faq"><h2>FAQ</h2><p>No FAQ yet.</p></section></article></main></body></html>
"""


def hugo_build(settings: Settings, work: Path) -> tuple[float, int] | None:
    """Hugo building the paper pages (the bulk of the site) from the same data, as JSON front matter."""
    if not shutil.which("hugo"):
        return None
    site = work / "hugo"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
    (site / "layouts" / "_default" / "list.html").write_text("<!doctype html><title>{{ .Title }}</title>")
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    content = site / "content" / "arxiv"
    content.mkdir(parents=True)
    model = load_model(settings)
    for pid in model.page_ids:
        p = model.latest_paper(pid)
        front = {"title": p.title, "authors": [a.name for a in p.authors], "cats": list(p.categories),
                 "paragraphs": p.abstract.split("\n\n"), "comment": p.comment or "", "arxiv": p.id}
        (content / f"{pid.replace('/', '_')}.md").write_text(json.dumps(front) + "\n")
    t = time.perf_counter()
    subprocess.run(["hugo", "--quiet", "-s", str(site), "-d", str(work / "hugo-out")], check=True)
    return time.perf_counter() - t, len(model.page_ids)


def run_size(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        work = Path(tmp)
        store, rng, sample = make_corpus(work / "content", n)
        settings = Settings(content_dir=work / "content", site_dir=work / "site", categories=CATS,
                            paper_page_days=10_000, site_budget_mb=100_000, site_max_files=10_000_000)
        # The render proper; the Pagefind index (a separate binary, run after any change) is timed apart.
        build = lambda: render.render_site(settings, with_search=False)  # noqa: E731
        full_t = timed(build)
        pages = sum(1 for _ in (work / "site").rglob("*.html"))
        noop_t = timed(build)
        next_day = synthetic_day(n // PER_DAY, 95000 % 90000, rng, sample)
        store.write_day(dataclasses.replace(next_day, date="2099-01-01"))
        new_day_t = timed(build)
        workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        search_t = timed(lambda: index_site(settings.site_dir))
        bare_t, bare_pages = bare_loop(settings, work / "bare")
        hugo = hugo_build(settings, work)
    result = {
        "papers": n, "pages": pages, "full_s": full_t, "pages_per_s": pages / full_t,
        "bare_pages_per_s": bare_pages / bare_t, "noop_s": noop_t, "new_day_s": new_day_t,
        "search_s": search_t, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_rss_mb": workers_rss,
    }
    if hugo:
        result["hugo_pages_per_s"] = hugo[1] / hugo[0]
    return result


def report(r: dict) -> str:
    lines = [
        f"{r['papers']} papers, {r['pages']} HTML pages: full render {r['full_s']:.2f} s = {r['pages_per_s']:.0f} pages/s",
        f"  bare jinja2 loop {r['bare_pages_per_s']:.0f} pages/s -> ratio {r['pages_per_s'] / r['bare_pages_per_s']:.2f}x",
    ]
    if "hugo_pages_per_s" in r:
        lines.append(f"  hugo {r['hugo_pages_per_s']:.0f} pages/s -> ratio {r['pages_per_s'] / r['hugo_pages_per_s']:.2f}x")
    else:
        lines.append("  hugo: not installed (apt-get install -y hugo), skipped")
    lines += [
        f"  no-op rebuild {r['noop_s']:.2f} s = {r['noop_s'] / r['full_s']:.1%} of full",
        f"  one-new-day rebuild {r['new_day_s']:.2f} s = {r['new_day_s'] / r['full_s']:.1%} of full",
        f"  search index (Pagefind, not in the times above) {r['search_s']:.2f} s",
        f"  peak RSS {r['peak_rss_mb']:.0f} MB main process, {r['workers_rss_mb']:.0f} MB largest render worker",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one)))
        return
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True)
        print(report(json.loads(out.stdout.strip().splitlines()[-1])), flush=True)


if __name__ == "__main__":
    main()
