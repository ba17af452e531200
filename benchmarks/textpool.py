"""Real recorded arXiv text for the benchmark corpus: titles, abstracts, authors and comments.

Read from the committed sample days (content/days/*.json) and the recorded fixtures in
tests/fixtures/arxiv/ and /work/shared/fixtures/arxiv/ when present (a daily crawl, three real RSS
days, one API reply). Only what each
source really holds is taken; records are deduplicated by title, in a fixed order (deterministic).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIRS = (ROOT / "tests" / "fixtures" / "arxiv", Path("/work/shared/fixtures/arxiv"))
"""The repository's copy of the recorded data, then the shared one (which also has three real RSS days)."""
_DC = "{http://purl.org/dc/elements/1.1/}"
_ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class Record:
    title: str
    abstract: str
    authors: tuple[str, ...]
    comment: str | None


def _clean(text: str) -> str:
    return " ".join(text.split())


def _fixtures(folder: str, pattern: str) -> list[Path]:
    return [p for root in FIXTURE_DIRS for p in sorted((root / folder).glob(pattern))]


def _sample_days() -> list[Record]:
    out = []
    for path in sorted((ROOT / "content" / "days").glob("*.json")):
        for p in json.loads(path.read_text("utf-8"))["papers"]:
            names = tuple(a["name"] for a in p["authors"])
            out.append(Record(_clean(p["title"]), p["abstract"].strip(), names, p.get("comment")))
    return out


def _daily_crawl() -> list[Record]:
    out = []
    for path in _fixtures("daily", "*/*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            p = json.loads(line)
            out.append(Record(_clean(p["title"]), p["summary"].strip(), tuple(p["authors"]), p.get("comment")))
    return out


def _rss_days() -> list[Record]:
    out = []
    for path in _fixtures("daily", "*/*.xml"):
        for item in etree.parse(str(path)).iter("item"):
            desc = item.findtext("description") or ""
            abstract = desc.split("Abstract:", 1)[-1].strip()
            creators = (item.findtext(f"{_DC}creator") or "").split(", ")
            out.append(Record(_clean(item.findtext("title") or ""), abstract, tuple(c for c in creators if c), None))
    return out


def _api_reply() -> list[Record]:
    out = []
    for path in _fixtures("api", "*/*.atom.xml"):
        for entry in etree.parse(str(path)).iter(f"{_ATOM}entry"):
            names = tuple(_clean(a.findtext(f"{_ATOM}name") or "") for a in entry.iter(f"{_ATOM}author"))
            title, summary = entry.findtext(f"{_ATOM}title") or "", entry.findtext(f"{_ATOM}summary") or ""
            out.append(Record(_clean(title), summary.strip(), names, None))
    return out


def load_records() -> list[Record]:
    """Every usable record, deduplicated by title, in source order."""
    seen: set[str] = set()
    out = []
    for rec in _sample_days() + _daily_crawl() + _rss_days() + _api_reply():
        if rec.title and rec.abstract and rec.authors and rec.title not in seen:
            seen.add(rec.title)
            out.append(rec)
    return out


def math_spans(records: list[Record]) -> list[str]:
    """Inline `$...$` math as authors wrote it in the recorded abstracts and titles."""
    found: set[str] = set()
    for r in records:
        parts = r.abstract.replace("$$", "$").split("$")
        if len(parts) % 2 == 0:
            continue  # unbalanced dollars: not math we can trust
        found.update(f"${m}$" for m in parts[1::2] if 1 <= len(m) <= 80 and m == m.strip() and "\n" not in m)
    return sorted(found)


def sentences(records: list[Record]) -> list[str]:
    """Abstract sentences (for FAQ answers): real scientific prose of realistic length."""
    out: list[str] = []
    for r in records:
        out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", _clean(r.abstract)) if 40 <= len(s) <= 400)
    return out
