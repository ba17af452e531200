"""The HTML pages of an all-arXiv digest, planned from content/ with plain JSON (no generator code).

The Hugo site and the bare jinja2 loop both build exactly these pages, so the three sides of the
benchmark write the same pages: one per paper of the last `paper_page_days` days (and its FAQ
fragment), one listing per category, archive and day (split at `page_size` entries), the day pages
(every paper of a day, split likewise), the home page (the newest day's first page) and the small
pages (per-code "latest" and "days" pages, the days index, 404, status). `kind_of` sorts a path of our own
site into the same kinds, so byte targets per kind can be read from our build.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

TAXONOMY = Path(__file__).resolve().parent.parent / "generator" / "data" / "taxonomy.json"
TYPE_ORDER = {"new": 0, "cross": 1, "replace": 2, "replace-cross": 3}
KINDS = ("paper", "faq", "listing", "day", "home", "small")
_LISTING = re.compile(r"^[^/]+/\d{4}-\d\d-\d\d/(\d+/)?index\.html$")


def kind_of(path: str) -> str | None:
    """Kind of one HTML path of our site (None: not an HTML page)."""
    if not path.endswith(".html"):
        return None
    if path.startswith("arxiv/"):
        return "faq" if path.endswith("/faq.html") else "paper"
    if path == "index.html":
        return "home"
    if path.startswith("days/") and path != "days/index.html":
        return "day"
    return "listing" if _LISTING.match(path) else "small"


@dataclass
class Page:
    kind: str
    path: str
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    """(announce type on this page, paper id) for listing, day and home pages."""
    paper: str = ""


@dataclass
class Plan:
    papers: dict[str, dict]
    """Paper id -> its newest JSON record, plus "days": [(date, version, type)] and "faq": html."""
    pages: list[Page]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for page in self.pages:
            out[page.kind] += 1
        return out


def _taxonomy() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(TAXONOMY.read_text("utf-8"))
    archive = {c["id"]: c["archive"] for c in data["categories"]}
    return archive, dict(data["category_aliases"])


def _archives_of(cat: str, archive_of: dict[str, str], alias: dict[str, str]) -> list[str]:
    """Archives listing a canonical category: its own, and the archive of each alias name (cs.SY)."""
    out = [archive_of.get(cat, cat.split(".")[0])]
    archives = set(archive_of.values())
    out += [a.split(".")[0] for a, canon in alias.items() if canon == cat and a.split(".")[0] in archives]
    return list(dict.fromkeys(out))


def _kind(repl: bool, own: bool) -> str:
    return ("replace" if own else "replace-cross") if repl else ("new" if own else "cross")


def _rows_by_code(day: dict, archive_of: dict[str, str], alias: dict[str, str]) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for p in day["papers"]:
        cats = list(dict.fromkeys(alias.get(c, c) for c in p["categories"]))
        primary = p["categories"][0]
        own_archives = {archive_of.get(alias.get(primary, primary), primary.split(".")[0]), primary.split(".")[0]}
        repl = p["announce_type"] in ("replace", "replace-cross")
        done: set[str] = set()
        for cat in cats:
            out[cat].append((_kind(repl, cat == cats[0]), p["id"]))
            for arch in _archives_of(cat, archive_of, alias):
                if arch != cat and arch not in done:
                    done.add(arch)
                    out[arch].append((_kind(repl, arch in own_archives), p["id"]))
    for rows in out.values():
        rows.sort(key=lambda r: (TYPE_ORDER[r[0]], r[1]))
    return out


def _chunks(kind: str, base: str, title: str, rows: list, size: int) -> list[Page]:
    parts = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
    return [Page(kind, f"{base}{'' if n == 1 else f'{n}/'}index.html", title, part) for n, part in enumerate(parts, 1)]


def make_plan(content: Path, paper_page_days: int = 60, page_size: int = 300, site_days: int = 0) -> Plan:
    """`site_days` > 0: only the newest days are on the site (the budget left the others out)."""
    archive_of, alias = _taxonomy()
    days = [json.loads(p.read_text("utf-8")) for p in sorted((content / "days").glob("*.json"))]
    days = days[-site_days:] if site_days > 0 else days
    papers: dict[str, dict] = {}
    pages: list[Page] = []
    codes: set[str] = set()
    for day in days:
        for p in day["papers"]:
            seen = papers.get(p["id"], {}).get("days", [])
            papers[p["id"]] = dict(p, days=seen + [(day["date"], p["version"], p["announce_type"])], faq="")
        for code, rows in sorted(_rows_by_code(day, archive_of, alias).items()):
            codes.add(code)
            pages += _chunks("listing", f"{code}/{day['date']}/", f"{code} — {day['date']}", rows, page_size)
        rows = sorted(((p["announce_type"], p["id"]) for p in day["papers"]), key=lambda r: (TYPE_ORDER[r[0]], r[1]))
        pages += _chunks("day", f"days/{day['date']}/", f"All papers — {day['date']}", rows, page_size)
        if day is days[-1]:
            pages.append(Page("home", "index.html", "arXiv Daily Digest", rows[:page_size]))
    window = {d["date"] for d in days[-paper_page_days:]}
    faq_dir = content / "faqs"
    for pid, p in sorted(papers.items()):
        if not any(date in window for date, _, _ in p["days"]):
            continue
        sid = pid.replace("/", "_")
        pages.append(Page("paper", f"arxiv/{sid}/index.html", p["title"], paper=pid))
        faq = faq_dir / f"{sid}.json"
        if faq.is_file():
            p["faq"] = json.loads(faq.read_text("utf-8"))["html"]
            pages.append(Page("faq", f"arxiv/{sid}/faq.html", p["title"], paper=pid))
    for code in sorted(codes):
        pages += [Page("small", f"{code}/index.html", code), Page("small", f"{code}/days/index.html", code)]
    pages += [Page("small", "days/index.html", "All days"), Page("small", "404.html", "Not found")]
    pages += [Page("small", "status/index.html", "Status")]
    pages += [Page("small", "starred/index.html", "Starred"), Page("small", "since/index.html", "Catch up")]
    return Plan(papers, pages)


def site_bytes_by_kind(site: Path) -> dict[str, tuple[int, int]]:
    """(pages, bytes) per kind of the HTML pages of a built site."""
    out: dict[str, list[int]] = {k: [0, 0] for k in KINDS}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        kind = kind_of(rel)
        if kind and not rel.startswith(("pagefind/", ".")):
            out[kind][0] += 1
            out[kind][1] += path.stat().st_size
    return {k: (v[0], v[1]) for k, v in out.items()}


def fit(xs: list[int], ys: list[int]) -> tuple[float, float]:
    """Least-squares (a, b) of y = a + b·x: page bytes from its number of rows."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0
    return my - b * mx, b


def newest_day_codes(content: Path) -> tuple[str, dict[str, set[str]]]:
    """(newest date, code -> ids of that day listed under it, "all" -> every id of the day)."""
    archive_of, alias = _taxonomy()
    newest = sorted((content / "days").glob("*.json"))[-1]
    day = json.loads(newest.read_text("utf-8"))
    codes = {code: {pid for _, pid in rows} for code, rows in _rows_by_code(day, archive_of, alias).items()}
    codes["all"] = {p["id"] for p in day["papers"]}
    return day["date"], codes
