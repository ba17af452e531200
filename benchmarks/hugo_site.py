"""An equivalent Hugo site of the planned pages (benchmarks/siteplan.py): what a Hugo user would run.

One content file per page (JSON front matter, `url` set to our path): paper pages carry their own
data (title, authors, categories, abstract paragraphs, comment, announcement days, FAQ html) and
our markup (Highwire meta tags, Pagefind body, meta and filter attributes); listing, day and home
pages list (type, id) rows and look each paper up in one data file (data/papers.json), rendering
our listing entry markup (title, id, type, authors, categories, abstract, comment, COinS, links).
Hugo's output is padded per page kind (a hidden <div> of filler, outside the Pagefind body) up to
our build's bytes per kind, measured on a sample first, so both sides write the same bytes.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

from siteplan import KINDS, Page, Plan, fit

HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · arXiv Daily Digest</title><link rel="stylesheet" href="/static/style.css">
<link rel="alternate" type="application/atom+xml" href="/feeds/all.atom"><script defer src="/static/app.js"></script>
"""
TOP = """</head><body><header class="site-header"><a class="site-title" href="/">arXiv Daily Digest</a>
<nav class="site-nav"><a href="/days/">All days</a> <a href="/feeds.opml">Feeds (OPML)</a></nav></header><main id="main">
"""
FOOT = """</main><div hidden>{{ index site.Params.pads "%s" }}</div>
<footer class="site-footer">Data from <a href="https://arxiv.org/">arXiv</a>.</footer></body></html>
"""
PAPER = (
    HEAD
    + """<meta name="citation_title" content="{{ .Title }}">
{{ range .Params.authors }}<meta name="citation_author" content="{{ . }}">
{{ end }}<meta name="citation_arxiv_id" content="{{ .Params.id }}"><meta name="citation_pdf_url" content="https://arxiv.org/pdf/{{ .Params.id }}">
<meta name="citation_abstract" content="{{ delimit .Params.paragraphs " " }}">
"""
    + TOP
    + """<article class="paper-page" data-pagefind-body data-id="{{ .Params.id }}" data-version="{{ .Params.version }}">
<h1 class="paper-title" data-pagefind-meta="title">{{ .Title }}</h1>
<p class="authors" data-pagefind-meta="authors">{{ delimit .Params.authors ", " }}</p>
<p class="cats">{{ range .Params.cats }}<a class="cat" data-pagefind-filter="category" href="/{{ . }}/">{{ . }}</a> {{ end }}</p>
<section class="abstract"><h2>Abstract</h2>{{ range .Params.paragraphs }}<p>{{ . }}</p>
{{ end }}</section>{{ with .Params.comment }}<p class="comment">{{ . }}</p>{{ end }}
<dl><dt>Announced</dt><dd>{{ range .Params.days }}<a href="/days/{{ index . 0 }}/" data-pagefind-filter="day">{{ index . 0 }}</a> (v{{ index . 1 }}, {{ index . 2 }}) {{ end }}</dd></dl>
<nav class="links" data-pagefind-ignore><a href="https://arxiv.org/abs/{{ .Params.id }}">arXiv abstract</a> <a href="https://arxiv.org/pdf/{{ .Params.id }}">PDF</a></nav>
<section id="faq"><h2>FAQ</h2>{{ with .Params.faq }}{{ . | safeHTML }}{{ else }}<p data-pagefind-ignore>No FAQ has been generated for this paper yet.</p>{{ end }}</section></article>
"""
    + FOOT % "paper"
)
FRAGMENT = """<div class="faq-body">{{ .Params.faq | safeHTML }}</div><div hidden>{{ index site.Params.pads "faq" }}</div>
"""
LISTING = (
    HEAD
    + TOP
    + """<header class="listing-head"><h1>{{ .Title }}</h1></header><div class="papers">
{{ range .Params.rows }}{{ $id := index . 1 }}{{ $kind := index . 0 }}{{ $p := index site.Data.papers $id }}
<article class="paper" id="p-{{ $id }}" data-id="{{ $id }}" data-type="{{ $kind }}" data-primary="{{ index $p.cats 0 }}" data-categories="{{ delimit $p.cats " " }}">
<h3 class="paper-title"><a href="/arxiv/{{ $id }}/">{{ $p.title }}</a></h3>
<p class="meta"><span class="arxiv-id">{{ $id }}v{{ $p.version }}</span> <span class="kind kind-{{ $kind }}">{{ $kind }}</span></p>
<p class="authors">{{ delimit $p.authors ", " }}</p>
<p class="cats">{{ range $p.cats }}<a class="cat" href="/{{ . }}/" title="{{ . }}">{{ . }}</a> {{ end }}</p>
<div class="abstract">{{ range $p.paragraphs }}<p>{{ . }}</p>
{{ end }}</div>{{ with $p.comment }}<p class="comment">{{ . }}</p>{{ end }}
<span class="Z3988" title="ctx_ver=Z39.88-2004&amp;rft.title={{ $p.title | urlquery }}{{ range $p.authors }}&amp;rft.au={{ . | urlquery }}{{ end }}&amp;rft.identifier={{ $id | urlquery }}"></span>
<p class="links"><a class="abs" href="https://arxiv.org/abs/{{ $id }}">abs</a> <a class="pdf" href="https://arxiv.org/pdf/{{ $id }}">pdf</a> <a class="html" href="https://arxiv.org/html/{{ $id }}">html</a>{{ if $p.faq }} <a class="faq" href="/arxiv/{{ $id }}/#faq">FAQ</a>{{ end }}</p>
</article>{{ end }}</div>
"""
)
SMALL = HEAD + TOP + "<h1>{{ .Title }}</h1>\n" + FOOT % "small"
CONFIG = {
    "baseURL": "https://example.org/",
    "disableKinds": ["taxonomy", "term", "RSS", "sitemap", "home", "section", "robotsTXT", "404"],
    "languageCode": "en",
}


def _paragraphs(abstract: str) -> list[str]:
    return [p.strip() for p in abstract.split("\n\n") if p.strip()] or [abstract]


def _front(page: Page, plan: Plan) -> dict:
    url = "/" + page.path.removesuffix("index.html")
    if page.kind in ("paper", "faq"):
        p = plan.papers[page.paper]
        front = {"title": p["title"], "url": url, "layout": page.kind, "faq": p["faq"], "id": p["id"]}
        if page.kind == "paper":
            front.update(
                authors=[a["name"] for a in p["authors"]],
                cats=p["categories"],
                paragraphs=_paragraphs(p["abstract"]),
                comment=p["comment"] or "",
                version=p["version"],
                days=p["days"],
            )
        return front
    layout = "small" if page.kind == "small" else "listing"
    return {"title": page.title, "url": url, "layout": layout, "kind": page.kind, "rows": page.rows}


def _data(plan: Plan) -> dict:
    return {
        pid: {
            "title": p["title"],
            "authors": [a["name"] for a in p["authors"]],
            "cats": p["categories"],
            "paragraphs": _paragraphs(p["abstract"]),
            "comment": p["comment"] or "",
            "version": p["version"],
            "faq": bool(p["faq"]),
        }
        for pid, p in plan.papers.items()
    }


def write_site(root: Path, plan: Plan, pages: list[Page], pads: dict[str, int]) -> None:
    """A Hugo project in `root` that builds `pages` (listing pads go in through the layout param)."""
    shutil.rmtree(root, ignore_errors=True)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    listing = {k: LISTING + FOOT % k for k in ("listing", "day", "home")}
    (layouts / "paper.html").write_text(PAPER)
    (layouts / "faq.html").write_text(FRAGMENT)
    (layouts / "small.html").write_text(SMALL)
    # One listing layout per kind, so each kind gets its own pad.
    for kind, text in listing.items():
        (layouts / f"{kind}.html").write_text(text)
    (layouts / "single.html").write_text(SMALL)
    config = dict(CONFIG, params={"pads": {k: "x" * pads.get(k, 0) for k in KINDS}})
    (root / "config.json").write_text(json.dumps(config))
    (root / "data").mkdir()
    (root / "data" / "papers.json").write_text(json.dumps(_data(plan)))
    content = root / "content"
    content.mkdir()
    for n, page in enumerate(pages):
        front = _front(page, plan)
        if page.kind in ("listing", "day", "home"):
            front["layout"] = page.kind
        (content / f"p{n:07d}.md").write_text(json.dumps(front) + "\n")


def hugo_argv(root: Path, out: Path) -> list[str]:
    return ["hugo", "--quiet", "-s", str(root), "-d", str(out)]


def page_sizes(out: Path, pages: list[Page]) -> list[int]:
    return [(out / p.path).stat().st_size for p in pages]


def calibrate(work: Path, plan: Plan, target: dict[str, int], per_kind: int = 80) -> dict[str, int]:
    """Pads (characters per page, per kind) that bring Hugo's pages of each kind to `target` total
    bytes: Hugo's size is fitted on a seeded sample as a + b·rows (listing sizes vary a lot)."""
    rng = random.Random(0)
    sample: dict[str, list[Page]] = {k: [] for k in KINDS}
    for kind in KINDS:
        pages = [p for p in plan.pages if p.kind == kind]
        sample[kind] = rng.sample(pages, min(per_kind, len(pages)))
    write_site(work / "hugo-calibrate", plan, [p for k in KINDS for p in sample[k]], {})
    subprocess.run(hugo_argv(work / "hugo-calibrate", work / "hugo-calibrate-out"), check=True)
    pads = {}
    for kind in KINDS:
        if sample[kind]:
            sizes = page_sizes(work / "hugo-calibrate-out", sample[kind])
            pads[kind] = pad_for(plan, kind, fit([len(p.rows) for p in sample[kind]], sizes), target.get(kind, 0))
    shutil.rmtree(work / "hugo-calibrate", ignore_errors=True)
    shutil.rmtree(work / "hugo-calibrate-out", ignore_errors=True)
    return pads


def pad_for(plan: Plan, kind: str, model: tuple[float, float], target: int) -> int:
    """Filler per page so that the kind's predicted total reaches `target` bytes (never negative)."""
    pages = [p for p in plan.pages if p.kind == kind]
    predicted = sum(model[0] + model[1] * len(p.rows) for p in pages)
    return max(0, round((target - predicted) / len(pages)))
