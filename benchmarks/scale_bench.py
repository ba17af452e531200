"""Scale benchmark (not a test): all of arXiv, every day, against Hugo + Pagefind and a bare jinja2 loop.

    .venv/bin/python benchmarks/scale_bench.py --sizes 10000,30000 [--with-90k] [--json out.json]

Per size (1,500 entries a day: 10k ≈ 7 days, 30k = 20, 90k = 60), in a fresh temporary folder:
a seeded corpus (benchmarks/corpus.py), then every side as a fresh process, timed from outside with
the peak memory of its whole process tree (benchmarks/measure.py):
  1. ours: `digest render` (full build with search) into an empty site/, default settings except
     `categories` = every archive;  2. a no-op rebuild, and ours without search into another folder;  3. Hugo (`hugo`, then `pagefind` over its
     output) on an equivalent Hugo site of the same pages (benchmarks/hugo_site.py);  4. a bare
     jinja2 loop writing the same pages with the same bytes (benchmarks/bare_jinja.py);  5. ours
     after one new day is added (the window slides with the default paper_page_days/feed_days).
Steps 1 (the full build), 3, 4 and 5 run `--rounds` times (default 2), interleaved (1, 3, 4, 5, then
again from an empty site/): each time reported is that side's fastest round and each peak memory
its largest, so a slow spell of a shared machine during one side's only run does not decide a
ratio. Every round's numbers are in the --json file. Prints the table of issue 15 with ratios
measured in the same run. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import hugo_site
from corpus import PER_DAY, add_pending, archives, pending_files, write_corpus
from feedcheck import missed_newest
from measure import Run, measure
from report import table
from siteplan import KINDS, make_plan, site_bytes_by_kind

PYTHON = sys.executable
DIGEST = str(Path(sys.executable).with_name("digest"))
SIZE_LIMIT_S = 25 * 60
BUDGET_MB = 800
_SUMMARY = re.compile(
    r"rendered (\d+) files: (\d+) written, (\d+) removed, (\d+) unchanged in [\d.]+ s \(([\d.]+) MB\)"
)


def pagefind_binary() -> str:
    from pagefind_bin import get_executable

    return str(get_executable())


_KEPT = re.compile(r"paper pages kept for the newest (\d+) days")
_LISTED = re.compile(r"the site lists the newest (\d+) days")


class Deadline(Exception):
    """A size ran past SIZE_LIMIT_S: its remaining steps are skipped."""


class Bench:
    def __init__(self, work: Path, papers: int, rounds: int = 2) -> None:
        self.work, self.papers, self.rounds = work, papers, max(1, rounds)
        self.days = max(1, round(papers / PER_DAY))
        self.started = time.perf_counter()
        self.r: dict = {"papers": papers, "days": self.days, "per_day": PER_DAY, "rounds": {}}

    def left(self) -> float:
        remaining = SIZE_LIMIT_S - (time.perf_counter() - self.started)
        if remaining <= 0:
            raise Deadline(f"past {SIZE_LIMIT_S // 60} minutes")
        return remaining

    def run(self, name: str, argv: list[str], **kw) -> tuple[Run, dict]:
        """One fresh process, measured: its record, for the caller to add to and keep()."""
        got = measure(argv, timeout=self.left(), **kw)
        if got.timed_out:
            raise Deadline(f"{name} killed after {SIZE_LIMIT_S // 60} minutes in all")
        record = {"s": got.seconds, "rss_mb": got.peak_rss_mb, "pss_mb": got.peak_pss_mb, "rc": got.returncode}
        if got.returncode:
            record["error"] = (got.stderr.strip().splitlines() or ["?"])[-1]
        return got, record

    def keep(self, name: str, record: dict) -> None:
        """`name`'s result is its fastest round's record (a failed round's, if one failed) with the
        largest peak memory of all its rounds; every round is kept under "rounds"."""
        rounds = self.r["rounds"].setdefault(name, [])
        rounds.append(record)
        failed = [r for r in rounds if r.get("error")]
        best = dict(failed[0] if failed else min(rounds, key=lambda r: r["s"]))
        best["rss_mb"] = max(r["rss_mb"] for r in rounds)
        best["pss_mb"] = max(r["pss_mb"] for r in rounds)
        best["round_s"] = [round(r["s"], 2) for r in rounds]
        self.r[name] = best

    # --- steps --------------------------------------------------------------------------------
    def corpus(self) -> None:
        t = time.perf_counter()
        self.dates = write_corpus(self.work, self.days, hold_back=1)
        self.r["corpus_s"] = time.perf_counter() - t
        cats = json.dumps(list(archives()))
        (self.work / "digest.toml").write_text(f"categories = {cats}\n")

    def ours(self, name: str) -> Run:
        argv = [DIGEST, "render", "--config", "digest.toml", "--content", "content", "--site", "site"]
        got, record = self.run(name, argv, cwd=self.work, watch=("pagefind",))
        m = _SUMMARY.search(got.stdout)
        if m:
            files, written, removed, unchanged, mb = m.groups()
            record.update(files=int(files), written=int(written), removed=int(removed), reported_mb=float(mb))
        record["search_s"] = got.step_seconds("pagefind")
        kept = _KEPT.search(got.stdout)  # the budget shortened the paper-page window
        record["page_days"] = int(kept.group(1)) if kept else 60
        listed = _LISTED.search(got.stdout)  # the budget left the oldest days out
        record["site_days"] = int(listed.group(1)) if listed else 0
        self.keep(name, record)
        return got

    def render_only(self) -> None:
        """Ours without search, its own fresh process into its own folder: the full build overlaps
        Pagefind with the rendering, so full minus the time Pagefind ran is not the render."""
        code = (
            "from pathlib import Path; from generator.config import load_settings; "
            "from generator.render.stage import render_site; "
            "s = load_settings(Path('digest.toml'), overrides={'content_dir': 'content', 'site_dir': 'site-render'}); "
            "print(render_site(s, with_search=False).summary())"
        )
        self.keep("render_only", self.run("render_only", [PYTHON, "-c", code], cwd=self.work)[1])
        shutil.rmtree(self.work / "site-render", ignore_errors=True)

    def site_facts(self) -> None:
        site = self.work / "site"
        files = [p for p in site.rglob("*") if p.is_file() and not p.name.startswith(".")]
        self.r["site_mb"] = sum(p.stat().st_size for p in files) / 1e6
        self.r["site_files"] = len(files)
        feeds = sorted((p.stat().st_size, p.name) for p in (site / "feeds").glob("*.atom"))
        self.r["feeds"] = {
            "count": len(feeds),
            "largest_kb": feeds[-1][0] / 1e3 if feeds else 0,
            "largest": feeds[-1][1] if feeds else "",
            "over_300kb": sum(1 for s, _ in feeds if s > 300_000),
            "over_1mb": sum(1 for s, _ in feeds if s > 1_000_000),
            "total_mb": sum(s for s, _ in feeds) / 1e6,
            "missed_newest": missed_newest(site, self.work / "content"),
        }
        self.r["ours_kinds"] = site_bytes_by_kind(site)

    def hugo(self) -> None:
        # The same paper pages as ours: when the budget kept fewer days, Hugo builds those days only.
        full = self.r["full"]
        plan = make_plan(
            self.work / "content", paper_page_days=full.get("page_days", 60), site_days=full.get("site_days", 0)
        )
        self.r["plan_kinds"] = plan.counts()
        if not (self.work / "hugo").is_dir():  # written once, built every round
            target = {k: self.r["ours_kinds"][k][1] for k in KINDS}
            pads = hugo_site.calibrate(self.work, plan, target)
            hugo_site.write_site(self.work / "hugo", plan, plan.pages, pads)
        out = self.work / "hugo-public"
        shutil.rmtree(out, ignore_errors=True)
        self.keep("hugo", self.run("hugo", hugo_site.hugo_argv(self.work / "hugo", out))[1])
        pf = [pagefind_binary(), "--site", str(out), "--glob", "arxiv/*/index.html", "--quiet"]
        self.keep("pagefind", self.run("pagefind", pf)[1])
        self.r["hugo_kinds"] = site_bytes_by_kind(out)
        shutil.rmtree(out, ignore_errors=True)

    def bare(self) -> None:
        targets = self.work / "targets.json"
        targets.write_text(json.dumps({k: self.r["ours_kinds"][k][1] for k in KINDS}))
        # The pages of the same days as ours: the windows our full build chose under the budget.
        windows = [str(self.r["full"].get("page_days", 60)), str(self.r["full"].get("site_days", 0))]
        argv = [PYTHON, str(BENCH / "bare_jinja.py"), "content", "bare-out", str(targets), *windows]
        got, record = self.run("bare", argv, cwd=self.work)
        if got.returncode == 0:
            record.update(json.loads(got.stdout.strip().splitlines()[-1]))
        self.keep("bare", record)
        shutil.rmtree(self.work / "bare-out", ignore_errors=True)

    def new_day(self) -> None:
        date = self.dates[-1]
        # What the new day replaces in content/, put back after it (the next round starts again
        # from the same days); the files it leaves alone keep their inodes, as in a real checkout.
        before = {path: path.read_bytes() if path.exists() else None for path in pending_files(self.work, date)}
        add_pending(self.work, date)
        self.ours("new_day")
        plan = make_plan(self.work / "content")
        ids = {p["id"] for p in json.loads((self.work / "content" / "days" / f"{date}.json").read_text())["papers"]}
        own = [p for p in plan.pages if f"/{date}/" in f"/{p.path}" or p.paper in ids]
        self.r["new_day"]["date"] = date
        self.r["new_day"]["day_pages"] = len(own)
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            elif path.read_bytes() != data:
                path.write_bytes(data)

    def all(self) -> dict:
        try:
            self.corpus()
            for n in range(self.rounds):
                if n:
                    shutil.rmtree(self.work / "site", ignore_errors=True)
                self.ours("full")
                if not n:
                    self.site_facts()
                    self.ours("noop")
                self.render_only()
                self.hugo()
                self.bare()
                self.new_day()
        except Deadline as err:
            self.r["stopped"] = str(err)
        shutil.rmtree(self.work / "hugo", ignore_errors=True)
        self.r["total_s"] = time.perf_counter() - self.started
        return self.r


def run_size(papers: int, parent: Path | None, keep: bool, rounds: int = 2) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"scale-bench-{papers}-", dir=parent))
    try:
        return Bench(work, papers, rounds).all()
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000", help="papers per size, comma-separated")
    parser.add_argument("--with-90k", action="store_true", help="also 90,000 papers (60 days)")
    parser.add_argument("--work", type=Path, help="parent folder for the temporary sites (default: system temp)")
    parser.add_argument("--keep", action="store_true", help="keep each size's folder")
    parser.add_argument("--rounds", type=int, default=2, help="times each timed side runs, interleaved (fastest kept)")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument("--from-json", type=Path, help="only print the tables of an earlier --json file")
    args = parser.parse_args()
    if args.from_json:
        for result in json.loads(args.from_json.read_text()):
            print(table(result), "\n")
        return
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([90_000] if args.with_90k else [])
    results = []
    for papers in sizes:
        results.append(run_size(papers, args.work, args.keep, args.rounds))
        print(table(results[-1]), "\n", flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
