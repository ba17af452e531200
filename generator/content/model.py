"""In-memory data model and its JSON wire form (the content/ contract, see docs/content-schema.md).

Each dataclass has explicit to_dict/from_dict; from_dict validates types and raises ContentError,
so a hand-edited or truncated file is reported, not half-loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from generator.content.ids import id_sort_key as id_sort_key
from generator.content.ids import is_arxiv_id as is_arxiv_id
from generator.content.ids import safe_id as safe_id
from generator.content.ids import split_version as split_version
from generator.errors import ContentError

DAY_SCHEMA = 2
"""2: `enrichment` (an int) replaces the boolean `enriched`; a day may be marked `incomplete`.
Schema 1 files are still read (enriched true -> enrichment 1) and are rewritten as 2."""
DAY_SCHEMAS = (1, 2)
ENRICHMENT_VERSION = 1
"""What "fully enriched" means now. Bump it when enrich.apply_record fills a new field: stored papers
with a lower number are sent to the API again (recent days), so the field gets filled in."""
FAQ_SCHEMA = 1

ANNOUNCE_TYPES = ("new", "cross", "replace", "replace-cross")


def _req(d: dict, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in d:
        raise ContentError(f"{where}: missing field {key!r}")
    value = d[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ContentError(f"{where}: field {key!r} has the wrong type ({type(value).__name__})")
    return value


def _opt_str(d: dict, key: str, where: str) -> str | None:
    value = d.get(key)
    if value is not None and not isinstance(value, str):
        raise ContentError(f"{where}: field {key!r} must be a string or null")
    return value


def _str_list(d: dict, key: str, where: str) -> list[str]:
    value = _req(d, key, list, where)
    if not all(isinstance(v, str) for v in value):
        raise ContentError(f"{where}: field {key!r} must be a list of strings")
    return value


@dataclass(frozen=True)
class Author:
    name: str
    affiliations: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name}
        if self.affiliations:
            d["affiliations"] = list(self.affiliations)
        return d

    @classmethod
    def from_dict(cls, d: Any, where: str) -> Author:
        if not isinstance(d, dict):
            raise ContentError(f"{where}: author must be an object")
        affiliations = _str_list(d, "affiliations", where) if "affiliations" in d else []
        return cls(_req(d, "name", str, where), tuple(affiliations))


@dataclass(frozen=True)
class Paper:
    """One paper as announced on one day.

    Field sources (one canonical source each): id, version, title, abstract, authors, categories,
    announce_type, license, doi, journal_ref come from the listing feed (raw arXiv TeX, accents
    outside math converted to Unicode); comment, published, updated and affiliations come from the
    arXiv API (`enrichment` is the ENRICHMENT_VERSION applied, 0 = not yet). DOI/journal_ref fall
    back to the API.
    """

    id: str
    version: int
    title: str
    authors: tuple[Author, ...]
    abstract: str
    categories: tuple[str, ...]
    announce_type: str
    license: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    published: str | None = None
    updated: str | None = None
    enrichment: int = 0

    @property
    def enriched(self) -> bool:
        return self.enrichment >= ENRICHMENT_VERSION

    @property
    def primary_category(self) -> str:
        return self.categories[0]

    @property
    def versioned_id(self) -> str:
        return f"{self.id}v{self.version}"

    @property
    def is_replacement(self) -> bool:
        return self.announce_type in ("replace", "replace-cross")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "authors": [a.to_dict() for a in self.authors],
            "abstract": self.abstract,
            "categories": list(self.categories),
            "primary_category": self.primary_category,
            "announce_type": self.announce_type,
            "license": self.license,
            "doi": self.doi,
            "journal_ref": self.journal_ref,
            "comment": self.comment,
            "published": self.published,
            "updated": self.updated,
            "enrichment": self.enrichment,
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "paper") -> Paper:
        fast = _fast_paper(d) if type(d) is dict else None
        return fast if fast is not None else cls._from_dict_checked(d, where)

    @classmethod
    def _from_dict_checked(cls, d: Any, where: str) -> Paper:
        if not isinstance(d, dict):
            raise ContentError(f"{where}: paper must be an object")
        pid = _req(d, "id", str, where)
        where = f"{where} {pid}"
        if not is_arxiv_id(pid):
            raise ContentError(f"{where}: not a bare arXiv id")
        cats = _str_list(d, "categories", where)
        if not cats:
            raise ContentError(f"{where}: no categories")
        if d.get("primary_category", cats[0]) != cats[0]:
            raise ContentError(f"{where}: primary_category must be the first category")
        kind = _req(d, "announce_type", str, where)
        if kind not in ANNOUNCE_TYPES:
            raise ContentError(f"{where}: unknown announce_type {kind!r}")
        version = _req(d, "version", int, where)
        if version < 1:
            raise ContentError(f"{where}: version must be >= 1")
        return cls(
            id=pid,
            version=version,
            title=_req(d, "title", str, where),
            authors=tuple(Author.from_dict(a, where) for a in _req(d, "authors", list, where)),
            abstract=_req(d, "abstract", str, where),
            categories=tuple(cats),
            announce_type=kind,
            license=_opt_str(d, "license", where),
            doi=_opt_str(d, "doi", where),
            journal_ref=_opt_str(d, "journal_ref", where),
            comment=_opt_str(d, "comment", where),
            published=_opt_str(d, "published", where),
            updated=_opt_str(d, "updated", where),
            enrichment=_enrichment(d, where),
        )


def _enrichment(d: dict, where: str) -> int:
    """Schema 2 `enrichment`, or schema 1's boolean `enriched` (true meant today's version 1)."""
    if "enrichment" not in d:
        return 1 if d.get("enriched") else 0
    value = d["enrichment"]
    if type(value) is not int or value < 0:
        raise ContentError(f"{where}: enrichment must be a whole number >= 0")
    return value


TYPE_ORDER = {t: i for i, t in enumerate(ANNOUNCE_TYPES)}
_OPTIONAL = ("license", "doi", "journal_ref", "comment", "published", "updated")
_NEW_AUTHOR = object.__new__
_SET = object.__setattr__
_NONE = object()
"""Frozen dataclasses refuse plain assignment; the fast path fills a fresh instance's fields at once."""
_NULLABLE_STR = (str, type(None))


def _fast_paper(d: dict) -> Paper | None:
    """The Paper of a well-formed dict, built without the per-field checks' overhead (a site build
    loads every day); None when anything is unusual, and the checked path then reports it. Accepts
    exactly what Paper._from_dict_checked accepts with plain JSON types."""
    pid, cats, kind, version = d.get("id"), d.get("categories"), d.get("announce_type"), d.get("version")
    title, abstract, raw_authors = d.get("title"), d.get("abstract"), d.get("authors")
    if not (
        type(pid) is str
        and type(cats) is list
        and cats
        and type(kind) is str
        and type(version) is int
        and type(title) is str
        and type(abstract) is str
        and type(raw_authors) is list
    ):
        return None
    if kind not in TYPE_ORDER or version < 1 or not is_arxiv_id(pid) or d.get("primary_category", cats[0]) != cats[0]:
        return None
    if not all(type(c) is str for c in cats):
        return None
    opt = [d.get(k) for k in _OPTIONAL]
    if not all(type(v) in _NULLABLE_STR for v in opt):
        return None
    enrichment = d.get("enrichment", 1 if d.get("enriched") else 0)
    if type(enrichment) is not int or enrichment < 0:
        return None
    authors = []
    for a in raw_authors:
        if type(a) is not dict or type(a.get("name")) is not str:
            return None
        affiliations = a.get("affiliations", _NONE)
        if affiliations is not _NONE and not (type(affiliations) is list and all(type(x) is str for x in affiliations)):
            return None
        author = _NEW_AUTHOR(Author)
        _SET(
            author,
            "__dict__",
            {"name": a["name"], "affiliations": () if affiliations is _NONE else tuple(cast(list, affiliations))},
        )
        authors.append(author)
    paper = object.__new__(Paper)
    _SET(
        paper,
        "__dict__",
        dict(
            id=pid,
            version=version,
            title=title,
            authors=tuple(authors),
            abstract=abstract,
            categories=tuple(cats),
            announce_type=kind,
            license=opt[0],
            doi=opt[1],
            journal_ref=opt[2],
            comment=opt[3],
            published=opt[4],
            updated=opt[5],
            enrichment=enrichment,
        ),
    )
    return paper


def paper_sort_key(p: Paper) -> tuple:
    """arXiv's own reading order: new, cross, replace, replace-cross; ids ascending inside each."""
    return (TYPE_ORDER[p.announce_type], id_sort_key(p.id))


@dataclass(frozen=True)
class Day:
    """One announcement day (the listing feed's pubDate, America/New_York) and its papers."""

    date: str
    categories: tuple[str, ...]
    papers: tuple[Paper, ...] = field(default=())
    incomplete: tuple[str, ...] = ()
    """Why arXiv's listing may hold papers this day lacks (a category at the feed's item cap)."""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.date):
            raise ContentError(f"day {self.date!r}: date must be YYYY-MM-DD")

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": DAY_SCHEMA,
            "date": self.date,
            "categories": list(self.categories),
            "papers": [p.to_dict() for p in sorted(self.papers, key=paper_sort_key)],
            "incomplete": list(self.incomplete),
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "day") -> Day:
        if not isinstance(d, dict):
            raise ContentError(f"{where}: top level must be an object")
        schema = d.get("schema")
        if schema not in DAY_SCHEMAS or type(schema) is not int:
            raise ContentError(f"{where}: schema {schema!r} is not supported (expected {DAY_SCHEMA})")
        papers = tuple(Paper.from_dict(p, where) for p in _req(d, "papers", list, where))
        ids = [p.id for p in papers]
        if len(ids) != len(set(ids)):
            raise ContentError(f"{where}: a paper is listed twice")
        return cls(
            date=_req(d, "date", str, where),
            categories=tuple(_str_list(d, "categories", where)),
            papers=papers,
            incomplete=tuple(_str_list(d, "incomplete", where)) if "incomplete" in d else (),
        )


@dataclass(frozen=True)
class FaqItem:
    question: str
    answer: str
    """Markdown with LaTeX math, as the model wrote it (after validation)."""

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answer": self.answer}

    @classmethod
    def from_dict(cls, d: Any, where: str) -> FaqItem:
        if not isinstance(d, dict):
            raise ContentError(f"{where}: FAQ item must be an object")
        return cls(_req(d, "question", str, where), _req(d, "answer", str, where))


@dataclass(frozen=True)
class Faq:
    """An LLM-written FAQ for one version of one paper. Written only by the faq stage."""

    id: str
    version: int
    prompt_version: str
    model: str
    language: str
    input_kind: str
    """What the model read: "fulltext" (extracted from the PDF) or "abstract" (title + abstract)."""
    generated_at: str
    """UTC timestamp (RFC 3339) of generation; written once, so not volatile."""
    items: tuple[FaqItem, ...]
    html: str
    """Sanitised HTML of the whole FAQ, rendered once by the faq stage so render never re-parses."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_s: float = 0.0
    flags: tuple[str, ...] = ()
    """Warnings to show readers, e.g. "prompt-injection" when the paper text addresses an LLM."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": FAQ_SCHEMA,
            "id": self.id,
            "version": self.version,
            "prompt_version": self.prompt_version,
            "model": self.model,
            "language": self.language,
            "input_kind": self.input_kind,
            "generated_at": self.generated_at,
            "usage": {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens},
            "duration_s": round(self.duration_s, 3),
            "flags": list(self.flags),
            "items": [i.to_dict() for i in self.items],
            "html": self.html,
        }

    @classmethod
    def from_dict(cls, d: Any, where: str = "faq") -> Faq:
        if not isinstance(d, dict):
            raise ContentError(f"{where}: top level must be an object")
        if d.get("schema") != FAQ_SCHEMA:
            raise ContentError(f"{where}: schema {d.get('schema')!r} is not supported")
        usage = _req(d, "usage", dict, where)
        tokens = [usage.get(k, 0) for k in ("prompt_tokens", "completion_tokens")]
        if not all(isinstance(t, int) and not isinstance(t, bool) and t >= 0 for t in tokens):
            raise ContentError(f"{where}: usage token counts must be whole numbers")
        duration = d.get("duration_s", 0.0)
        if not isinstance(duration, (int, float)) or isinstance(duration, bool):
            raise ContentError(f"{where}: duration_s must be a number")
        return cls(
            id=_req(d, "id", str, where),
            version=_req(d, "version", int, where),
            prompt_version=_req(d, "prompt_version", str, where),
            model=_req(d, "model", str, where),
            language=_req(d, "language", str, where),
            input_kind=_req(d, "input_kind", str, where),
            generated_at=_req(d, "generated_at", str, where),
            items=tuple(FaqItem.from_dict(i, where) for i in _req(d, "items", list, where)),
            html=_req(d, "html", str, where),
            prompt_tokens=tokens[0],
            completion_tokens=tokens[1],
            duration_s=float(duration),
            flags=tuple(_str_list(d, "flags", where)) if "flags" in d else (),
        )
