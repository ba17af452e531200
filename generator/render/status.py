"""The status page (status/): what the last runs did and cost, coverage of the latest day, and an
inline SVG chart of papers and FAQs per day. Plain HTML and SVG: it renders without JavaScript.

Its inputs are the catalog, which holds the recent run log (content/runs/); the page is keyed by
its whole context, like every other page built with PageContext.output.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.runlog import RunRecord
from generator.render.catalog import Catalog
from generator.render.keys import Output
from generator.render.pages import PageContext

PATH = "status/"
RUNS_SHOWN = 20
CHART_DAYS = 60
MISSING_SHOWN = 50
_BAR, _GAP, _HEIGHT = 10, 2, 120


@dataclass(frozen=True)
class Bar:
    date: str
    x: int
    papers: int
    faqs: int
    papers_y: int
    papers_h: int
    faqs_y: int
    faqs_h: int


def status_page(pc: PageContext) -> Output:
    runs = pc.catalog.runs[-RUNS_SHOWN:]
    ctx = pc.common(PATH, "Status", ())
    ctx |= {"runs": tuple(_run_row(r) for r in reversed(runs))}
    ctx |= {"coverage": _coverage(pc.catalog, runs), "bars": _bars(pc.catalog)}
    ctx |= {"chart_width": len(ctx["bars"]) * (_BAR + _GAP), "chart_height": _HEIGHT}
    return pc.output(PATH, "status.html", ctx)


def _run_row(run: RunRecord) -> tuple[str, str, str, str]:
    """(started, kind, status, one-line what-it-did) of one run."""
    return run.started, run.kind, run.status, run.error or _what(run)


def _what(run: RunRecord) -> str:
    if run.kind == "fetch":
        f = run.fetch
        types = ", ".join(f"{n} {t}" for t, n in sorted(f.get("papers_by_type", {}).items()))
        return f"{f.get('date', '?')}: {types or 'no papers'}; {f.get('requests', 0)} requests, {f.get('retries', 0)} retries"
    q = run.faq
    line = f"{q.get('done', 0)} FAQs done, {q.get('cached', 0)} cached, {q.get('failed', 0)} failed, {q.get('left', 0)} left for budget"
    line += (
        f"; {q.get('fulltext', 0)} full text, {q.get('abstract_only', 0)} abstract only, {q.get('flagged', 0)} flagged"
    )
    line += f"; tokens {q.get('prompt_tokens', 0):,} in / {q.get('completion_tokens', 0):,} out"
    return line + (f"; est. cost {q['cost']:.4f}" if "cost" in q else "")


def _coverage(catalog: Catalog, runs: list[RunRecord]) -> dict:
    date = catalog.latest
    if date is None:
        return {"date": None}
    failed = {f["id"]: f["error"] for r in runs if r.kind == "faq" for f in r.faq.get("failures", ())}
    papers = catalog.days[date].papers
    missing = [p for p in papers if p.id not in catalog.faqs]
    reasons = tuple((p.id, p.title, f"failed: {failed[p.id]}" if p.id in failed else _not_yet) for p in missing)
    return {
        "date": date,
        "papers": len(papers),
        "with_faq": len(papers) - len(missing),
        "failed": sum(1 for p in missing if p.id in failed),
        "missing": reasons[:MISSING_SHOWN],
        "more": max(0, len(reasons) - MISSING_SHOWN),
    }


_not_yet = "not generated yet (a budget stopped the run, or no LLM is configured)"


def _bars(catalog: Catalog) -> tuple[Bar, ...]:
    dates = catalog.dates[-CHART_DAYS:]
    counts = [
        (d, len(catalog.days[d].papers), sum(p.id in catalog.faqs for p in catalog.days[d].papers)) for d in dates
    ]
    top = max((n for _, n, _ in counts), default=0) or 1
    bars = []
    for i, (date, n, f) in enumerate(counts):
        ph, fh = round(n * _HEIGHT / top), round(f * _HEIGHT / top)
        bars.append(Bar(date, i * (_BAR + _GAP), n, f, _HEIGHT - ph, ph, _HEIGHT - fh, fh))
    return tuple(bars)
