"""Paper text for the FAQ prompt: PDF bytes -> plain text -> the most useful parts within a budget.

We use pypdf: pure Python (no poppler/mupdf system libraries on CI runners, wheels everywhere),
permissively licensed and actively maintained. PyMuPDF extracts faster and better but is AGPL and
binary; pdfminer.six is slower and less maintained. Extraction quality only needs to be "readable
by an LLM", and pypdf also recovers hidden (white/tiny) text, which the injection check wants.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from pypdf import PdfReader

log = logging.getLogger(__name__)

MAX_PAGES = 40
"""Pages read from one PDF: past this it is appendix, and pypdf needs ~0.1 s per page."""
MIN_FULLTEXT_CHARS = 1500
"""Less text than this means a scanned PDF or a failed extraction: use the abstract instead."""


class PdfTextError(Exception):
    """No usable text could be extracted from the PDF (reason in the message)."""


def extract_text(pdf: bytes) -> str:
    """Plain text of a PDF, hyphenation at line ends undone; raises PdfTextError."""
    if not pdf.startswith(b"%PDF"):
        raise PdfTextError("not a PDF (arXiv sends an HTML page for withdrawn or missing papers)")
    try:
        reader = PdfReader(io.BytesIO(pdf))
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except Exception as err:  # noqa: BLE001
        # The one deliberate catch-all: pypdf's failure modes on hostile PDFs are open-ended
        # (NotImplementedError for unsupported filters, struct.error, zlib.error, ...), and one
        # bad paper must fall back to its abstract, not end the whole run.
        raise PdfTextError(f"unreadable PDF ({type(err).__name__}: {err})") from None
    text = "\n".join(pages)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text).strip()
    if len(text) < MIN_FULLTEXT_CHARS:
        raise PdfTextError(f"only {len(text)} characters of text (scanned PDF?)")
    return text


# --- sections ----------------------------------------------------------------------------------

_KINDS = {
    "abstract": r"abstract",
    "intro": r"introduction|overview",
    "related": r"related\s+work|background|preliminar(?:y|ies)|literature\s+review|prior\s+work",
    "method": r"methods?|methodology|approach|proposed\s+method|our\s+approach|model|framework",
    "experiments": r"experiments?|experimental\s+\w+|evaluation|results|empirical\s+\w+",
    "discussion": r"discussion|limitations?|analysis",
    "conclusion": r"conclusions?|concluding\s+remarks|summary|future\s+work",
    "drop": r"references|bibliography|acknowledge?ments?|appendix|appendices|supplementary\b.*",
}
_NAME = "|".join(f"(?P<{k}>{v})" for k, v in _KINDS.items())
# Numbered: "1 Introduction", "4. Experiments and Results", "III. METHOD". Unnumbered headings must
# be the bare name ("Conclusion", "Related Work and Background"): two-column papers have many short
# body lines that merely start with "Results ..." or "Model ...".
_NAMED = re.compile(
    r"^(?:(?P<num>\d{1,2}|[IVX]{1,4})\.?\s+(?P<name>" + _NAME + r")\b[\w\s,&:-]{0,40}"
    r"|(?P<bare>" + _NAME.replace("?P<", "?P<bare_") + r")(?:\s+and\s+\w+(?:\s+\w+)?)?)$",
    re.I,
)
# "3 Dual-Path Retrieval" / "3. Dual-Path Retrieval": a numbered heading with a name we don't know.
_NUMBERED = re.compile(r"^(?P<num>\d{1,2})\.?\s+(?P<name>[A-Z][\w\s,&:'-]{2,60})$")

SHARES = {
    "front": 0.08,
    "abstract": 0.10,
    "intro": 0.22,
    "method": 0.25,
    "experiments": 0.15,
    "discussion": 0.05,
    "conclusion": 0.10,
    "related": 0.05,
    "other": 0.0,
}
"""First-pass share of the budget per kind; what a kind leaves unused goes to PRIORITY order."""
PRIORITY = ("abstract", "conclusion", "intro", "method", "experiments", "discussion", "related", "other", "front")


@dataclass
class Section:
    kind: str
    text: str
    keep: int = 0


def split_sections(text: str) -> list[Section]:
    """Cut the text at lines that look like top-level headings; unnamed numbered sections between
    the introduction and the experiments are taken to be the method."""
    sections = [Section("front", "")]
    expected = 1
    seen_experiments = False
    for line in text.split("\n"):
        kind, number = _heading_kind(line.strip(), expected, seen_experiments)
        if kind is None:
            sections[-1].text += line + "\n"
            continue
        if number is not None:
            expected = number + 1
        seen_experiments = seen_experiments or kind in ("experiments", "conclusion")
        sections.append(Section(kind, line.strip() + "\n"))
    return [s for s in sections if s.text.strip()]


def _heading_kind(line: str, expected: int, seen_experiments: bool) -> tuple[str | None, int | None]:
    if not line or len(line) > 70 or line.endswith("."):
        return None, None
    m = _NAMED.match(line)
    if m:
        number = int(m.group("num")) if m.group("num") and m.group("num").isdigit() else None
        if number is not None and number not in (expected, expected + 1):
            return None, None
        kind = next(k for k in _KINDS if m.group(k) or m.group(f"bare_{k}"))
        return kind, number
    m = _NUMBERED.match(line)
    if m and int(m.group("num")) == expected and expected > 1:
        return ("other" if seen_experiments else "method"), expected
    return None, None


def trim(text: str, budget: int) -> str:
    """The most useful parts of `text` within `budget` characters, in document order."""
    sections = [s for s in split_sections(text) if s.kind != "drop"]
    if sum(len(s.text) for s in sections) <= budget:
        return "\n".join(s.text.strip() for s in sections)
    if len(sections) <= 1:  # no headings found: the start says most, the end has the conclusion
        body = (sections[0].text if sections else text).strip()
        head = int(budget * 0.75)
        return body[:head] + "\n[…]\n" + body[-(budget - head - 5) :]
    _allocate(sections, budget - 5 * len(sections))
    parts = []
    for s in sections:
        if s.keep >= len(s.text):
            parts.append(s.text.strip())
        elif s.keep > 0:
            parts.append(s.text[: s.keep].rstrip() + " […]")
    return "\n".join(parts)[:budget]


def _allocate(sections: list[Section], budget: int) -> None:
    counts = {k: sum(1 for s in sections if s.kind == k) for k in SHARES}
    left = budget
    for s in sections:
        s.keep = min(len(s.text), int(budget * SHARES[s.kind] / counts[s.kind]))
        left -= s.keep
    for kind in PRIORITY:
        for s in sections:
            if s.kind == kind and left > 0:
                extra = min(left, len(s.text) - s.keep)
                s.keep += extra
                left -= extra
