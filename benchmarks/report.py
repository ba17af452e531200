"""The table of issue 15 from one size's measurements (benchmarks/scale_bench.py)."""

from __future__ import annotations

from siteplan import KINDS


def _get(r: dict, *path, default=None):
    for key in path:
        if not isinstance(r, dict) or key not in r:
            return default
        r = r[key]
    return r


def _run(r: dict, name: str) -> str:
    step = r.get(name)
    if step is None:
        return "not run"
    text = f"{step['s']:.1f} s"
    return text + (f" (FAILED: {step['error']})" if step.get("error") else "")


def _size_row(r: dict) -> str:
    full = r.get("full", {})
    text = f"{r.get('site_mb', 0):.0f} MB of {800} MB budget ({r.get('site_files', 0)} files)"
    if full.get("error"):
        text += f"; `digest render` failed after writing: {full['error']}"
    return text


def _memory_row(r: dict) -> str:
    full = r.get("full")
    if not full:
        return "not run"
    parts = [f"ours {full['pss_mb']:.0f} MB PSS ({full['rss_mb']:.0f} MB RSS summed over the tree)"]
    for name in ("hugo", "pagefind", "bare"):
        if name in r:
            parts.append(f"{name} {r[name]['pss_mb']:.0f} MB")
    return "; ".join(parts)


def _new_day_row(r: dict) -> str:
    nd, full = r.get("new_day"), r.get("full")
    if not nd or not full:
        return "not run"
    text = f"{nd['s']:.1f} s = {nd['s'] / full['s']:.0%} of full ({full['s']:.1f} s; search {nd.get('search_s', 0):.1f} s of it)"
    if "written" in nd:
        text += f"; {nd['written']} files written (+{nd['removed']} removed) vs {nd['day_pages']} pages of the new day"
    return text + (f" (FAILED: {nd['error']})" if nd.get("error") else "")


def _hugo_row(r: dict) -> str:
    full, hugo, pf = r.get("full"), r.get("hugo"), r.get("pagefind")
    if not (full and hugo and pf):
        return "not run"
    theirs = hugo["s"] + pf["s"]
    return (
        f"ours {full['s']:.1f} s (search {full['search_s']:.1f} s) vs hugo {hugo['s']:.1f} s + pagefind "
        f"{pf['s']:.1f} s = {theirs:.1f} s -> ours is {theirs / full['s']:.2f}x as fast"
    )


def _bare_row(r: dict) -> str:
    full, bare = r.get("full"), r.get("bare")
    if not (full and bare):
        return "not run"
    # Measured on its own since our search overlaps the rendering; older results: full - search.
    render_only = r["render_only"]["s"] if "render_only" in r else full["s"] - full["search_s"]
    return (
        f"ours render without search {render_only:.1f} s vs bare {bare['s']:.1f} s -> {bare['s'] / render_only:.2f}x "
        f"({bare['s'] / full['s']:.2f}x counting our search too)"
    )


def _feeds_row(r: dict) -> str:
    f = r.get("feeds")
    if not f:
        return "not run"
    return (
        f"largest {f['largest_kb']:.0f} KB ({f['largest']}); {f['over_300kb']} of {f['count']} feeds > 300 KB, "
        f"{f['over_1mb']} > 1 MB; {f['total_mb']:.1f} MB of feeds; {_missed(f)}"
    )


def _missed(f: dict) -> str:
    missed = f.get("missed_newest", {})
    if not missed:
        return "every feed holds the newest day whole"
    worst = sorted(missed.items(), key=lambda kv: -kv[1])[:3]
    return f"{len(missed)} feeds miss newest-day papers ({sum(missed.values())} in all; worst {worst})"


GOALS = (
    ("site size, default settings", _size_row, "fits the 800 MB budget by design, never fails after writing"),
    ("peak memory, full build with search", _memory_row, "≤ 1 GB at 90k papers"),
    ("one new day", _new_day_row, "≤ 10 % of a full build, files written ≈ the new day's pages"),
    ("full build vs `hugo && pagefind`", _hugo_row, "≥ 1.5x faster, search included"),
    ("versus a bare jinja2 loop", _bare_row, "≥ 0.7x"),
    ("Atom feeds", _feeds_row, "category feeds ≤ 300 KB; newest day whole in every feed"),
)


def table(r: dict) -> str:
    head = f"### {r['papers']:,} papers ({r['days']} days × {r['per_day']:,} entries)"
    lines = [head, "", "| measure | ours | goal |", "|---|---|---|"]
    lines += [f"| {name} | {fn(r)} | {goal} |" for name, fn, goal in GOALS]
    if "noop" in r and "full" in r:
        lines.append(
            f"| no-op rebuild | {r['noop']['s']:.1f} s = {r['noop']['s'] / r['full']['s']:.0%} of full | (small) |"
        )
    lines += ["", "Pages per kind (count / MB) — ours, the plan Hugo and the bare loop build, Hugo's output:"]
    for kind in KINDS:
        ours, hugo = _get(r, "ours_kinds", kind, default=(0, 0)), _get(r, "hugo_kinds", kind, default=(0, 0))
        plan = _get(r, "plan_kinds", kind, default=0)
        lines.append(
            f"  {kind:8} ours {ours[0]:6} / {ours[1] / 1e6:7.1f}   plan {plan:6}   hugo {hugo[0]:6} / {hugo[1] / 1e6:7.1f}"
        )
    if "bare" in r and "bytes" in r["bare"]:
        lines.append(f"  bare loop: {r['bare']['pages']} pages, {r['bare']['bytes'] / 1e6:.1f} MB")
    rounds = {name: [round(x["s"], 1) for x in runs] for name, runs in r.get("rounds", {}).items()}
    if rounds:
        most = max(len(v) for v in rounds.values())
        listed = "; ".join(f"{name} {v}" for name, v in rounds.items())
        lines.append(f"Times: each side's fastest of {most} interleaved rounds, peak memory its largest ({listed} s).")
    lines.append(f"Corpus generation {r.get('corpus_s', 0):.0f} s (untimed); whole size {r.get('total_s', 0):.0f} s.")
    if "stopped" in r:
        lines.append(f"STOPPED: {r['stopped']}")
    return "\n".join(lines)
