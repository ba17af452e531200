"""Render benchmark (not a test): `.venv/bin/python benchmarks/render_bench.py [--sizes 10000,50000]`.

See benchmarks/README.md for what each printed number means.

Builds a synthetic corpus shaped like the committed sample day (titles, abstracts, authors and
category mixes drawn from it; ~500 papers a day, every paper with its own page), then prints, for
each size: full render pages/s; the ratio to a bare jinja2 loop rendering and writing the same pages
with the same templates (our ceiling); like-for-like ratios to Hugo, paper pages only and listing
pages only, from the same data (skipped with a note if `hugo` is missing); no-op and one-new-day rebuilds as fractions of the
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

from generator.config import Settings  # noqa: E402
from generator.content.model import Day, Paper  # noqa: E402
from generator.content.store import ContentStore  # noqa: E402
from generator.render import stage as render  # noqa: E402
from generator.render.catalog import load_catalog  # noqa: E402
from generator.render.pool import locality  # noqa: E402
from generator.render.search import index_site  # noqa: E402

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
    templates = render.find_templates(settings)
    env = render.make_env(templates, static)
    keys = render.Keyring.for_build(settings, templates, static)
    outputs = [o for o in render.gather(keys, load_catalog(settings), env, static) if o.path.endswith(".html")]
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


def is_paper_page(path: str) -> bool:
    return path.startswith("arxiv/") and path.endswith("/index.html")


def is_listing_page(path: str) -> bool:
    return path.endswith(".html") and not path.startswith("arxiv/")


def subset_render(settings: Settings, out: Path, keep) -> tuple[float, int]:
    """Our render (model, gather, parallel render and write, into an empty folder) of only the pages
    `keep` accepts: the like-for-like figure against Hugo building the same kind of pages."""
    static = render._static_files()
    templates = render.find_templates(settings)
    t = time.perf_counter()
    env = render.make_env(templates, static)
    keys = render.Keyring.for_build(settings, templates, static)
    writer = render.SiteWriter(out, keys.base)
    for output in render.gather(keys, load_catalog(settings), env, static):
        if keep(output.path):
            writer.add(output)
    writer.write_all()
    return time.perf_counter() - t, len(writer.outputs)


HUGO_HEAD = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} · arXiv Daily Digest</title>
<link rel="stylesheet" href="/static/style.css"><link rel="alternate" type="application/atom+xml" href="/feeds/all.atom">
<script defer src="/static/app.js"></script></head><body>
<header class="site-header"><a class="site-title" href="/">arXiv Daily Digest</a><nav class="site-nav"><a href="/days/">All days</a></nav></header>
<main id="main">"""
HUGO_FOOT = """</main><footer class="site-footer">Data from <a href="https://arxiv.org/">arXiv</a>.</footer></body></html>
"""
HUGO_SINGLE = (
    HUGO_HEAD.replace(
        "</head>",
        """<meta name="citation_title" content="{{ .Title }}">
{{ range .Params.authors }}<meta name="citation_author" content="{{ . }}">{{ end }}
<meta name="citation_pdf_url" content="https://arxiv.org/pdf/{{ .Params.arxiv }}">
<meta name="citation_abstract" content="{{ delimit .Params.paragraphs " " }}"></head>""",
    )
    + """
<article class="paper-page"><h1 class="paper-title">{{ .Title }}</h1>
<p class="authors">{{ delimit .Params.authors ", " }}</p>
<p class="cats">{{ range .Params.cats }}<a class="cat" href="/{{ . }}/">{{ . }}</a> {{ end }}</p>
<section class="abstract"><h2>Abstract</h2>{{ range .Params.paragraphs }}<p>{{ . }}</p>{{ end }}</section>
{{ with .Params.comment }}<p class="comment">{{ . }}</p>{{ end }}
<nav class="links"><a class="abs" href="https://arxiv.org/abs/{{ .Params.arxiv }}">abs</a>
<a class="pdf" href="https://arxiv.org/pdf/{{ .Params.arxiv }}">pdf</a></nav>
<section id="faq"><h2>FAQ</h2><p>No FAQ yet.</p></section></article>"""
    + HUGO_FOOT
)

# One listing page: the same entry markup as templates/partials/paper.html (title, id, type, authors,
# categories, abstract, comment, COinS, links), papers looked up in one data file as ours are in the model.
HUGO_LISTING = (
    HUGO_HEAD
    + """<header class="listing-head"><h1>{{ .Title }}</h1></header><div class="papers">
{{ range $i, $id := .Params.ids }}{{ $p := index site.Data.papers $id }}{{ $kind := index $.Params.kinds $i }}
<article class="paper" id="p-{{ $id }}" data-id="{{ $id }}" data-type="{{ $kind }}" data-primary="{{ index $p.cats 0 }}" data-categories="{{ delimit $p.cats " " }}">
<h3 class="paper-title"><a href="/arxiv/{{ $id }}/">{{ $p.title }}</a></h3>
<p class="meta"><span class="arxiv-id">{{ $id }}v{{ $p.version }}</span> <span class="kind kind-{{ $kind }}">{{ $kind }}</span></p>
<p class="authors">{{ delimit $p.authors ", " }}</p>
<p class="cats">{{ range $p.cats }}<a class="cat" href="/{{ . }}/" title="{{ . }}">{{ . }}</a> {{ end }}</p>
<div class="abstract">{{ range $p.paragraphs }}<p>{{ . }}</p>{{ end }}</div>
{{ with $p.comment }}<p class="comment">{{ . }}</p>{{ end }}
<span class="Z3988" title="ctx_ver=Z39.88-2004&amp;rft.title={{ $p.title | urlquery }}{{ range $p.authors }}&amp;rft.au={{ . | urlquery }}{{ end }}&amp;rft.identifier={{ $id | urlquery }}"></span>
<nav class="links"><a class="abs" href="https://arxiv.org/abs/{{ $id }}">abs</a> <a class="pdf" href="https://arxiv.org/pdf/{{ $id }}">pdf</a> <a class="html" href="https://arxiv.org/html/{{ $id }}">html</a></nav>
</article>{{ end }}</div>"""
    + HUGO_FOOT
)


def _hugo_site(work: Path, name: str) -> Path:
    site = work / name
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
    (site / "layouts" / "_default" / "listing.html").write_text(HUGO_LISTING)
    (site / "layouts" / "_default" / "list.html").write_text("<!doctype html><title>{{ .Title }}</title>")
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
    )
    return site


def _run_hugo(site: Path, out: Path) -> float:
    t = time.perf_counter()
    subprocess.run(["hugo", "--quiet", "-s", str(site), "-d", str(out)], check=True)
    return time.perf_counter() - t


def hugo_build(settings: Settings, work: Path) -> dict | None:
    """Hugo building, from the same data, (a) the paper pages and (b) the listing pages our build
    writes (one per category, archive and day, split into the same pages), each in its own run."""
    if not shutil.which("hugo"):
        return None
    model = load_catalog(settings)
    papers = work / "hugo-papers"
    site = _hugo_site(work, "hugo-papers")
    content = site / "content" / "arxiv"
    content.mkdir(parents=True)
    for pid in model.page_ids:
        p = model.latest_paper(pid)
        front = {
            "title": p.title,
            "authors": [a.name for a in p.authors],
            "cats": list(p.categories),
            "paragraphs": p.abstract.split("\n\n"),
            "comment": p.comment or "",
            "arxiv": p.id,
        }
        (content / f"{pid.replace('/', '_')}.md").write_text(json.dumps(front) + "\n")
    paper_s = _run_hugo(papers, work / "hugo-papers-out")
    site = _hugo_site(work, "hugo-listings")
    data = {
        pid: {
            "title": p.title,
            "authors": [a.name for a in p.authors],
            "cats": list(p.categories),
            "paragraphs": p.abstract.split("\n\n"),
            "comment": p.comment or "",
            "version": p.version,
        }
        for pid, seen in model.appearances.items()
        for p in [seen[-1][1]]
    }
    (site / "data").mkdir()
    (site / "data" / "papers.json").write_text(json.dumps(data))
    content = site / "content" / "listings"
    content.mkdir(parents=True)
    size = settings.listing_page_size
    count = 0
    for code in model.codes():
        for date, rows in model.listings[code].items():
            for n, i in enumerate(range(0, len(rows), size), 1):
                part = rows[i : i + size]
                front = {
                    "title": f"{code} — {date}",
                    "layout": "listing",
                    "url": f"/{code}/{date}/{n}/",
                    "ids": [p.id for _, p in part],
                    "kinds": [k for k, _ in part],
                }
                (content / f"{code}-{date}-{n}.md").write_text(json.dumps(front) + "\n")
                count += 1
    listing_s = _run_hugo(site, work / "hugo-listings-out")
    return {"hugo_paper_pages_per_s": len(model.page_ids) / paper_s, "hugo_listing_pages_per_s": count / listing_s}


def run_size(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        work = Path(tmp)
        store, rng, sample = make_corpus(work / "content", n)
        settings = Settings(
            content_dir=work / "content",
            site_dir=work / "site",
            categories=CATS,
            paper_page_days=10_000,
            site_budget_mb=100_000,
            site_max_files=10_000_000,
        )
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
        paper_t, paper_pages = subset_render(settings, work / "ours-papers", is_paper_page)
        listing_t, listing_pages = subset_render(settings, work / "ours-listings", is_listing_page)
        hugo = hugo_build(settings, work)
    result = {
        "papers": n,
        "pages": pages,
        "full_s": full_t,
        "pages_per_s": pages / full_t,
        "bare_pages_per_s": bare_pages / bare_t,
        "noop_s": noop_t,
        "new_day_s": new_day_t,
        "search_s": search_t,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_rss_mb": workers_rss,
        "paper_pages_per_s": paper_pages / paper_t,
        "listing_pages_per_s": listing_pages / listing_t,
    }
    result.update(hugo or {})
    return result


def report(r: dict) -> str:
    lines = [
        f"{r['papers']} papers, {r['pages']} HTML pages: full render {r['full_s']:.2f} s = {r['pages_per_s']:.0f} pages/s",
        f"  bare jinja2 loop {r['bare_pages_per_s']:.0f} pages/s -> ratio {r['pages_per_s'] / r['bare_pages_per_s']:.2f}x",
    ]
    if "hugo_paper_pages_per_s" in r:
        for kind in ("paper", "listing"):
            ours, hugo = r[f"{kind}_pages_per_s"], r[f"hugo_{kind}_pages_per_s"]
            lines.append(
                f"  {kind} pages only: ours {ours:.0f} pages/s, hugo {hugo:.0f} pages/s -> ratio {ours / hugo:.2f}x"
            )
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
