"""What a feed reader polling once a day would miss, and how big the feeds are (issue 15's feed row).

    .venv/bin/python benchmarks/feed_window.py CORPUS WORK

CORPUS is a folder made by `benchmarks/corpus.py CORPUS --days N --hold-back 1`. Its content/ is
copied to WORK/content and rendered (default settings, all of arXiv, no search index); then the
held-back day is added and the site rendered again, as the daily job does. For both builds it
prints the feed sizes, which feeds lack papers of the newest day (what a daily poller misses), and
for the second build how many feeds were rewritten and whether their entries changed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from corpus import add_pending, archives
from feedcheck import missed_newest
from lxml import etree

from generator.config import load_settings
from generator.render.stage import render_site

CAP = 300_000


def feed_facts(site: Path, content: Path) -> dict:
    sizes = {p.name: p.stat().st_size for p in sorted((site / "feeds").glob("*.atom"))}
    missed = missed_newest(site, content)
    largest = max(sizes, key=lambda n: sizes[n])
    cats = {n: s for n, s in sizes.items() if "." in n.removesuffix(".atom")}
    return {
        "feeds": len(sizes),
        "largest": f"{largest} {sizes[largest] / 1e3:.0f} KB",
        "largest_category_kb": round(max(cats.values()) / 1e3),
        "all_kb": round(sizes.get("all.atom", 0) / 1e3),
        "over_300kb": sum(1 for s in sizes.values() if s > CAP),
        "categories_over_300kb": sum(1 for s in cats.values() if s > CAP),
        "total_mb": round(sum(sizes.values()) / 1e6, 1),
        "feeds_missing_newest_day_papers": len(missed),
        "papers_missed_summed_over_feeds": sum(missed.values()),
    }


def entry_ids(path: Path) -> frozenset[str]:
    """Versioned entry ids (abs/<id>v<N>) of a feed."""
    return frozenset(etree.parse(str(path)).getroot().xpath("//*[local-name()='entry']/*[local-name()='id']/text()"))


def snapshot(site: Path) -> dict[str, tuple[int, str, frozenset]]:
    """Feed name -> (mtime, manifest key: changed = the feed was rebuilt, entry ids)."""
    keys = json.loads((site / ".digest-manifest.json").read_bytes())["files"]
    return {
        p.name: (p.stat().st_mtime_ns, keys[f"feeds/{p.name}"][0], entry_ids(p))
        for p in (site / "feeds").glob("*.atom")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("work", type=Path)
    args = parser.parse_args()
    content, site = args.work / "content", args.work / "site"
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(args.corpus / "content", content)
    shutil.copytree(args.corpus / "pending", args.work / "pending")
    overrides = {"categories": archives(), "content_dir": content, "site_dir": site}
    settings = load_settings(config_file=None, env={}, overrides=overrides | {"base_url": "https://example.org/d/"})
    report = render_site(settings, with_search=False)
    first = feed_facts(site, content)
    before = snapshot(site)
    pending = sorted(p.stem for p in (args.work / "pending" / "days").glob("*.json"))[0]
    add_pending(args.work, pending)
    second_report = render_site(settings, with_search=False)
    after = snapshot(site)
    rewritten = [n for n in after if n in before and after[n][0] != before[n][0]]
    rebuilt = [n for n in after if n in before and after[n][1] != before[n][1]]
    same = {n for n in after if n in before and after[n][2] == before[n][2]}
    second = feed_facts(site, content) | {
        "feeds_rewritten": len(rewritten),
        "feeds_rebuilt": len(rebuilt),
        "feeds_with_unchanged_entries": len(same),
        "rebuilt_with_unchanged_entries": len(same & set(rebuilt)),
        "build": second_report.summary(),
    }
    print(json.dumps({"first build": first | {"build": report.summary()}, "new day": second}, indent=1))


if __name__ == "__main__":
    main()
