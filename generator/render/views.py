"""Flat, template-ready views of papers and FAQs (built once per paper, shared by every page).

Views hold site paths, never finished links: the same view is used on pages at different depths.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote, urlencode

from markupsafe import Markup

from generator.content import taxonomy
from generator.content.model import Faq, Paper, safe_id
from generator.faq.markdown import sanitise
from generator.render import texstyle, urls
from generator.render.catalog import Catalog
from generator.render.keys import Shape, fingerprint

ABS_URL = "https://arxiv.org/abs/"
HTML_URL = "https://arxiv.org/html/"
DOI_URL = "https://doi.org/"


class View(dict):
    """A template view shared by many pages. Its repr is its content's digest, so the input key of
    a page listing 500 papers hashes 500 short strings, not 500 abstracts (see keys.fingerprint)."""

    __slots__ = ("_key",)

    def __init__(self, data: dict) -> None:
        super().__init__(data)
        self._key = f"View({fingerprint(data)})"

    def __repr__(self) -> str:
        return self._key


def paper_view(paper: Paper, catalog: Catalog, settings: Shape) -> View:
    tax = taxonomy.load()
    has_page = catalog.has_page(paper)
    cats = []
    for i, code in enumerate(paper.categories):
        canon = tax.canonical(code)
        link = urls.listing(canon) if canon in catalog.listings else None
        cats.append((code, tax.name(canon), link, i == 0))
    codes = tuple(c[0] for c in cats)
    paragraphs = [visible(p) for p in paper.abstract.split("\n\n") if p.strip()]
    return View(
        {
            "id": paper.id,
            "codes": " ".join(codes),
            "others": codes[1:],
            "math": has_math(paper.title) or has_math(paper.abstract),
            "v1": (citation_day(paper.published) or "").replace("/", "-"),
            "sid": safe_id(paper.id),
            "version": paper.version,
            "title": visible(paper.title),
            "authors": tuple(visible(a.name) for a in paper.authors),
            "paragraphs": tuple(texstyle.plain(p) for p in paragraphs),
            "styled": tuple(texstyle.styled(p) for p in paragraphs),
            "cats": tuple(cats),
            "primary": paper.primary_category,
            "comment": texstyle.styled(paper.comment) if paper.comment else paper.comment,
            "journal_ref": paper.journal_ref,
            "dois": tuple((paper.doi or "").split()),
            "abs_url": ABS_URL + paper.id,
            "pdf_url": settings.arxiv_pdf_url + paper.id,
            "html_url": HTML_URL + paper.id,
            "submitted": citation_day(paper.published),
            "revised": citation_day(paper.updated),
            "page": urls.paper(paper.id) if has_page else None,
            "faq": urls.faq_fragment(paper.id) if has_page and paper.id in catalog.faqs else None,
        }
    )


def has_math(text: str) -> bool:
    """Whether the reader script may find TeX math here (it then typesets the entry in view only).
    Generous on purpose: a false positive costs one observed entry, a false negative raw TeX.
    A bare \\begin{equation} counts: the reader script typesets environments outside delimiters."""
    return "$" in text or "\\(" in text or "\\[" in text or "\\begin" in text


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidi embedding, override and isolate controls: in a title they can make text read backwards
(a way to hide an injected instruction from a human screener); pages never show them."""


def visible(text: str) -> str:
    return _BIDI.sub("", text)


def citation_day(stamp: str | None) -> str | None:
    """'2026-05-30T17:59:00Z' -> '2026/05/30' (the Highwire date form), None when absent or malformed."""
    if not stamp or len(stamp) < 10:
        return None
    day = stamp[:10]
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return None
    return day.replace("-", "/")


def report_url(faq: Faq, settings: Shape) -> str | None:
    """A prefilled GitHub new-issue link for a wrong FAQ, when the repository is configured."""
    if not settings.repository_url:
        return None
    title = f"FAQ problem: arXiv {faq.id}v{faq.version}"
    body = (
        f"Paper: {ABS_URL}{faq.id}v{faq.version}\n"
        f"FAQ: version v{faq.version}, prompt {faq.prompt_version}, model {faq.model}, "
        f"generated {faq.generated_at}\n\nWhat is wrong:\n"
    )
    query = urlencode({"title": title, "body": body}, quote_via=quote)
    return f"{settings.repository_url.rstrip('/')}/issues/new?{query}"


def faq_view(faq: Faq, latest_version: int, settings: Shape) -> dict:
    return {
        "id": faq.id,
        "version": faq.version,
        "latest_version": latest_version,
        "stale": latest_version > faq.version,
        "fulltext": faq.input_kind == "fulltext",
        "model": faq.model,
        "date": faq.generated_at[:10],
        "language": faq.language,
        "injection": "prompt-injection" in faq.flags,
        "report_url": report_url(faq, settings),
        # The faq stage already sanitised this, but content/ is plain JSON anyone can edit (or an
        # older allow-list wrote it): clean it again with today's allow-list before trusting it.
        "html": Markup(sanitise(faq.html)),
    }
