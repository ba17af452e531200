"""arXiv's category taxonomy (groups, archives, 155 active categories), shipped as package data.

Source: arXiv/arxiv-base `arxiv/taxonomy/definitions.py`, exported to generator/data/taxonomy.json.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from generator.errors import ConfigError


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    archive: str
    group: str
    description: str = ""


@dataclass(frozen=True)
class Archive:
    id: str
    name: str
    group: str


@dataclass(frozen=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True)
class Taxonomy:
    groups: dict[str, Group]
    archives: dict[str, Archive]
    categories: dict[str, Category]
    # Alias name -> canonical name (math.IT -> cs.IT); a paper may carry either.
    aliases: dict[str, str]
    # Old archives folded into today's categories (chao-dyn -> nlin.CD).
    subsumed: dict[str, str]

    def archive_categories(self, archive: str) -> list[str]:
        """Active categories of an archive, in taxonomy order (a bare archive like hep-th is its own)."""
        return [c.id for c in self.categories.values() if c.archive == archive]

    def canonical(self, code: str) -> str:
        """Fold aliases and subsumed archives into the canonical category code; unknown codes pass."""
        return self.aliases.get(code) or self.subsumed.get(code) or code

    def archive_of(self, code: str) -> str:
        """Archive of a category code; for unknown codes, the part before the dot."""
        cat = self.categories.get(self.canonical(code))
        return cat.archive if cat else code.split(".", 1)[0]

    def name(self, code: str) -> str:
        """Human name of a category or archive, or the code itself when unknown."""
        if code in self.categories:
            return self.categories[code].name
        if code in self.archives:
            return self.archives[code].name
        return code

    def validate(self, codes: list[str]) -> list[str]:
        """Check category/archive codes; return them canonicalised, raise ConfigError otherwise."""
        known = list(self.categories) + list(self.archives)
        lowered = {k.lower(): k for k in known}
        out: list[str] = []
        for raw in codes:
            code = raw.strip()
            if not code:
                continue
            match = lowered.get(code.lower()) or self.aliases.get(code)
            if match is None:
                close = difflib.get_close_matches(code, known, n=4, cutoff=0.5)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise ConfigError(f"unknown arXiv category {code!r}{hint}")
            match = self.aliases.get(match, match)
            if match not in out:
                out.append(match)
        return out

    def expand(self, codes: list[str]) -> list[str]:
        """Categories covered by codes: an archive stands for all of its categories."""
        out: list[str] = []
        for code in codes:
            members = self.archive_categories(code) if code in self.archives else [code]
            out.extend(m for m in members if m not in out)
        return out


@cache
def load() -> Taxonomy:
    raw = json.loads(resources.files("generator").joinpath("data/taxonomy.json").read_text("utf-8"))
    return Taxonomy(
        groups={g["id"]: Group(g["id"], g["name"]) for g in raw["groups"]},
        archives={a["id"]: Archive(a["id"], a["name"], a["group"]) for a in raw["archives"]},
        categories={
            c["id"]: Category(c["id"], c["name"], c["archive"], c["group"], c.get("description") or "")
            for c in raw["categories"]
        },
        aliases=dict(raw["category_aliases"]),
        subsumed=dict(raw["subsumed_archives"]),
    )
