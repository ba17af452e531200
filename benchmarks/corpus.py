"""Deterministic all-of-arXiv corpus for the scale benchmark, written through ContentStore.

    .venv/bin/python benchmarks/corpus.py OUT --days 7 [--per-day 1500] [--seed 42] [--hold-back 1]

Writes OUT/content (a real content/ folder: days/ and faqs/) and, with --hold-back N, the next N
days into OUT/pending (same layout) so a benchmark can add "one new day" that continues the same
sequence. Each day has `per_day` entries: 60 % new, 40 % replacements (30 % replace, 10 %
replace-cross) of papers announced on earlier days, at a higher version (≥ 2; on the first day,
of papers from before the corpus). Categories: all 155 codes of generator/data/taxonomy.json, with a
skew like arXiv's (cs and math big, many small categories) and 0-3 cross-lists. Titles, abstracts,
authors and comments come from real recorded text (benchmarks/textpool.py). Half the papers have a
~2,000-character FAQ with $math$, its html made by generator.faq.markdown.faq_html (the real
sanitiser). The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from textpool import Record, load_records, math_spans, sentences

from generator.content import taxonomy
from generator.content.model import ENRICHMENT_VERSION, Author, Day, Faq, FaqItem, Paper
from generator.content.store import ContentStore
from generator.faq.markdown import faq_html

PER_DAY = 1500
FIRST_DATE = dt.date(2026, 1, 5)
# Share of primary submissions per archive, roughly arXiv's (cs and math dominate).
ARCHIVE_SHARE = {
    "cs": 38,
    "math": 20,
    "cond-mat": 7,
    "astro-ph": 6,
    "physics": 5,
    "eess": 4,
    "quant-ph": 4,
    "stat": 3,
    "hep-ph": 2.5,
    "hep-th": 2,
    "gr-qc": 1.2,
    "q-bio": 1,
    "math-ph": 0.8,
    "nlin": 0.6,
    "q-fin": 0.6,
    "econ": 0.6,
    "hep-ex": 0.6,
    "nucl-th": 0.6,
    "hep-lat": 0.3,
    "nucl-ex": 0.3,
}
EXTRA_CATS = (0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3)
"""Cross-lists per paper, drawn uniformly from this tuple (about 1.2 on average)."""
QUESTIONS = (
    "What problem does this paper address?",
    "What is the main idea of the method?",
    "How is the approach evaluated, and on what data?",
    "What are the key quantitative results?",
    "What are the limitations and open questions?",
)
FAQ_CHARS = 2000
LICENSE = "http://creativecommons.org/licenses/by/4.0/"


def archives() -> tuple[str, ...]:
    """Every archive code, the `categories` setting of an all-arXiv digest."""
    return tuple(taxonomy.load().archives)


def category_weights(rng: random.Random) -> tuple[list[str], list[float]]:
    """All 155 codes; an archive's share spread Zipf-like over its categories (seeded order)."""
    tax = taxonomy.load()
    codes: list[str] = []
    weights: list[float] = []
    for archive, share in ARCHIVE_SHARE.items():
        members = [c.id for c in tax.categories.values() if c.archive == archive]
        rng.shuffle(members)
        zipf = [1 / (rank + 1) for rank in range(len(members))]
        codes += members
        weights += [share * z / sum(zipf) for z in zipf]
    return codes, weights


@dataclass
class Known:
    """A paper announced earlier in the corpus: what a replacement of it repeats."""

    id: str
    version: int
    record: int
    categories: tuple[str, ...]
    outside: bool = False
    """Announced before the corpus starts (its FAQ, if any, is not in the corpus yet)."""


@dataclass
class Generator:
    seed: int = 42
    per_day: int = PER_DAY
    rng: random.Random = field(init=False)
    records: list[Record] = field(init=False)
    maths: list[str] = field(init=False)
    prose: list[str] = field(init=False)
    codes: list[str] = field(init=False)
    weights: list[float] = field(init=False)
    weight_of: dict[str, float] = field(init=False)
    known: list[Known] = field(default_factory=list)
    serial: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.records = load_records()
        self.maths = math_spans(self.records)
        self.prose = sentences(self.records)
        self.codes, self.weights = category_weights(self.rng)
        self.weight_of = dict(zip(self.codes, self.weights))

    # --- categories and ids ----------------------------------------------------------------
    def categories(self) -> tuple[str, ...]:
        primary = self.rng.choices(self.codes, self.weights)[0]
        cats = [primary]
        tax = taxonomy.load()
        same = [c for c in self.codes if tax.archive_of(c) == tax.archive_of(primary)]
        for _ in range(self.rng.choice(EXTRA_CATS)):
            pool = same if self.rng.random() < 0.5 and len(same) > 1 else self.codes
            cat = self.rng.choices(pool, [self.weight_of[c] for c in pool])[0]
            if cat not in cats:
                cats.append(cat)
        return tuple(cats)

    def new_id(self, date: dt.date) -> str:
        yymm = f"{date.year % 100:02d}{date.month:02d}"
        self.serial[yymm] = self.serial.get(yymm, 0) + 1
        return f"{yymm}.{self.serial[yymm]:05d}"

    # --- papers ----------------------------------------------------------------------------
    def paper(self, known: Known, kind: str) -> Paper:
        rec = self.records[known.record]
        return Paper(
            id=known.id,
            version=known.version,
            title=rec.title,
            authors=tuple(Author(n) for n in rec.authors),
            abstract=rec.abstract,
            categories=known.categories,
            announce_type=kind,
            license=LICENSE,
            comment=rec.comment,
            enrichment=ENRICHMENT_VERSION,
        )

    def fresh(self, date: dt.date) -> Known:
        return Known(self.new_id(date), 1, self.rng.randrange(len(self.records)), self.categories())

    def replaced(self, taken: set[str]) -> Known:
        """A paper of an earlier day at its next version; before any day, one from before the corpus."""
        for _ in range(20):
            if not self.known:
                break
            old = self.rng.choice(self.known)
            if old.id not in taken:
                old.version += 1
                return Known(old.id, old.version, old.record, old.categories)
        pid = next(p for p in iter(self._old_id, "") if p not in taken)
        return Known(pid, self.rng.randint(2, 4), self.rng.randrange(len(self.records)), self.categories(), True)

    def _old_id(self) -> str:
        return f"25{self.rng.randint(1, 12):02d}.{self.rng.randint(1, 29999):05d}"

    # --- FAQs ------------------------------------------------------------------------------
    def faq(self, paper: Paper) -> Faq:
        items = []
        share = FAQ_CHARS // len(QUESTIONS)
        for question in QUESTIONS:
            answer = ""
            while len(answer) < share - 100:
                answer += self.rng.choice(self.prose) + " "
                if self.rng.random() < 0.5:
                    answer += f"In symbols, {self.rng.choice(self.maths)} holds here. "
            items.append(FaqItem(question, answer.strip()))
        return Faq(
            id=paper.id,
            version=paper.version,
            prompt_version="bench-1",
            model="bench-model",
            language="en",
            input_kind="abstract",
            generated_at="2026-01-01T00:00:00Z",
            items=tuple(items),
            html=faq_html(items),
        )

    # --- days ------------------------------------------------------------------------------
    def day(self, date: dt.date) -> tuple[Day, list[Faq]]:
        n_new = self.per_day * 6 // 10
        n_replace = (self.per_day - n_new) * 3 // 4
        kinds = ["new"] * n_new + ["replace"] * n_replace + ["replace-cross"] * (self.per_day - n_new - n_replace)
        taken: set[str] = set()
        papers, faqs, fresh = [], [], []
        for kind in kinds:
            known = self.fresh(date) if kind == "new" else self.replaced(taken)
            taken.add(known.id)
            paper = self.paper(known, kind)
            papers.append(paper)
            if kind == "new":
                fresh.append(known)
            if (kind == "new" or known.outside) and self.rng.random() < 0.5:
                faqs.append(self.faq(paper))
        self.known.extend(fresh)
        return Day(date=date.isoformat(), categories=archives(), papers=tuple(papers)), faqs


def weekdays(first: dt.date, count: int) -> list[dt.date]:
    """Announcement dates: arXiv announces Monday to Friday."""
    out: list[dt.date] = []
    date = first
    while len(out) < count:
        if date.weekday() < 5:
            out.append(date)
        date += dt.timedelta(days=1)
    return out


def write_corpus(out: Path, days: int, per_day: int = PER_DAY, seed: int = 42, hold_back: int = 0) -> list[str]:
    """OUT/content with `days` days, OUT/pending with the next `hold_back`; returns every date."""
    gen = Generator(seed=seed, per_day=per_day)
    dates = weekdays(FIRST_DATE, days + hold_back)
    for index, date in enumerate(dates):
        store = ContentStore(out / ("content" if index < days else "pending"))
        day, faqs = gen.day(date)
        store.write_day(day)
        for faq in faqs:
            store.write_faq(faq)
    return [d.isoformat() for d in dates]


def pending_files(out: Path, date: str) -> list[Path]:
    """The files of OUT/content that add_pending(out, date) writes: the day and its papers' FAQs."""
    pending, content = ContentStore(out / "pending"), ContentStore(out / "content")
    day = pending.read_day(date)
    if day is None:
        raise SystemExit(f"no pending day {date} in {out / 'pending'}")
    faqs = [content.faq_path(p.id) for p in day.papers if pending.faq_path(p.id).exists()]
    return [content.day_path(date), *faqs]


def add_pending(out: Path, date: str) -> int:
    """Move one held-back day (and its FAQs) from OUT/pending into OUT/content; returns files moved."""
    pending, content = ContentStore(out / "pending"), ContentStore(out / "content")
    day = pending.read_day(date)
    if day is None:
        raise SystemExit(f"no pending day {date} in {out / 'pending'}")
    moved = 0
    for paper in day.papers:
        faq = pending.read_faq(paper.id)
        if faq is not None:
            content.write_faq(faq)
            moved += 1
    content.write_day(day)
    return moved + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--days", type=int, required=True)
    parser.add_argument("--per-day", type=int, default=PER_DAY)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--hold-back", type=int, default=0)
    args = parser.parse_args()
    dates = write_corpus(args.out, args.days, args.per_day, args.seed, args.hold_back)
    print(f"wrote {args.days} days ({dates[0]} .. {dates[args.days - 1]}) + {args.hold_back} pending into {args.out}")


if __name__ == "__main__":
    main()
