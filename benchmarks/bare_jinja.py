"""A bare jinja2 loop: the planned pages (benchmarks/siteplan.py) rendered by small templates of its
own and written one by one, in one plain process (no generator code, no caching, no workers).

    .venv/bin/python benchmarks/bare_jinja.py CONTENT OUT TARGETS.json [PAGE_DAYS [SITE_DAYS]]

PAGE_DAYS and SITE_DAYS are the windows our build chose under the budget, so the loop writes the
pages of the same days. TARGETS.json maps each page kind to the bytes our build wrote for it; each page gets a filler
(a hidden <div>, outside the content) so that every kind reaches those bytes: the loop writes the
same pages, the same number of them and the same total size as ours. The filler per kind is fitted
on a sample rendered in memory first (a + b·rows, as for Hugo). Prints one JSON line.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from urllib.parse import quote

import jinja2

sys.path.insert(0, str(Path(__file__).resolve().parent))
from siteplan import KINDS, Page, Plan, fit, make_plan

BASE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} · arXiv Daily Digest</title>
<link rel="stylesheet" href="/static/style.css">{% block head %}{% endblock %}</head>
<body><header class="site-header"><a href="/">arXiv Daily Digest</a> <a href="/days/">All days</a></header>
<main id="main">{% block main %}{% endblock %}</main><div hidden>{{ pad }}</div></body></html>
"""
ENTRY = """<article class="paper" id="p-{{ p.id }}" data-type="{{ kind }}" data-categories="{{ p.categories|join(' ') }}">
<h3 class="paper-title"><a href="/arxiv/{{ p.id }}/">{{ p.title }}</a></h3>
<p class="meta">{{ p.id }}v{{ p.version }} <span class="kind">{{ kind }}</span></p>
<p class="authors">{{ p.authors|map(attribute='name')|join(', ') }}</p>
<p class="cats">{% for c in p.categories %}<a href="/{{ c }}/">{{ c }}</a> {% endfor %}</p>
<div class="abstract"><p>{{ p.abstract }}</p></div>{% if p.comment %}<p class="comment">{{ p.comment }}</p>{% endif %}
<span class="Z3988" title="rft.title={{ p.title|q }}{% for a in p.authors %}&amp;rft.au={{ a.name|q }}{% endfor %}"></span>
<p class="links"><a href="https://arxiv.org/abs/{{ p.id }}">abs</a> <a href="https://arxiv.org/pdf/{{ p.id }}">pdf</a></p></article>
"""
TEMPLATES = {
    "base.html": BASE,
    "entry.html": ENTRY,
    "paper.html": """{% extends "base.html" %}{% block head %}<meta name="citation_title" content="{{ p.title }}">
{% for a in p.authors %}<meta name="citation_author" content="{{ a.name }}">{% endfor %}
<meta name="citation_abstract" content="{{ p.abstract }}">{% endblock %}{% block main %}<article data-pagefind-body>
<h1>{{ p.title }}</h1><p class="authors">{{ p.authors|map(attribute='name')|join(', ') }}</p>
<section class="abstract"><p>{{ p.abstract }}</p></section><ul>{% for d in p.days %}<li>{{ d[0] }} v{{ d[1] }} {{ d[2] }}</li>{% endfor %}</ul>
<section id="faq">{{ p.faq|safe }}</section></article>{% endblock %}""",
    "faq.html": """<div class="faq-body">{{ p.faq|safe }}</div><div hidden>{{ pad }}</div>""",
    "listing.html": """{% extends "base.html" %}{% block main %}<h1>{{ title }}</h1><div class="papers">
{% for kind, p in rows %}{% include "entry.html" %}{% endfor %}</div>{% endblock %}""",
    "small.html": """{% extends "base.html" %}{% block main %}<h1>{{ title }}</h1>{% endblock %}""",
}
TEMPLATE_OF = {"paper": "paper.html", "faq": "faq.html", "listing": "listing.html", "day": "listing.html"}


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    env.filters["q"] = lambda s: quote(str(s), safe="")
    return env


def render(env: jinja2.Environment, plan: Plan, page: Page, pad: str) -> bytes:
    name = TEMPLATE_OF.get(page.kind, "listing.html" if page.kind == "home" else "small.html")
    rows = [(kind, plan.papers[pid]) for kind, pid in page.rows]
    ctx = {"title": page.title, "rows": rows, "p": plan.papers.get(page.paper), "pad": pad}
    return env.get_template(name).render(ctx).encode("utf-8")


def pads(env: jinja2.Environment, plan: Plan, target: dict[str, int]) -> dict[str, str]:
    """Filler per kind: sample sizes fitted as a + b·rows, then the gap to the target spread evenly."""
    rng, out = random.Random(0), {}
    for kind in KINDS:
        pages = [p for p in plan.pages if p.kind == kind]
        if not pages:
            continue
        sample = rng.sample(pages, min(80, len(pages)))
        xs, ys = [len(p.rows) for p in sample], [len(render(env, plan, p, "")) for p in sample]
        a, b = fit(xs, ys)
        predicted = sum(a + b * len(p.rows) for p in pages)
        out[kind] = "x" * max(0, round((target.get(kind, 0) - predicted) / len(pages)))
    return out


def main() -> None:
    content, out, targets = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text())
    page_days, site_days = (int(a) for a in (sys.argv[4:] + ["60", "0"])[:2])
    env = make_env()
    plan = make_plan(content, paper_page_days=page_days, site_days=site_days)
    fill = pads(env, plan, targets)
    started = time.perf_counter()
    written = 0
    for page in plan.pages:
        path = out / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = render(env, plan, page, fill[page.kind])
        path.write_bytes(data)
        written += len(data)
    loop_s = time.perf_counter() - started
    print(json.dumps({"pages": len(plan.pages), "bytes": written, "loop_s": loop_s}))


if __name__ == "__main__":
    main()
