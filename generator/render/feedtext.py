"""What an Atom entry shows as text (its title, author names and abstract, cleaned for XML), and
what feed planning measures of it (EntryFacts): render/feeds.py builds entries from these.

Planning a feed's window needs every entry's size before any entry is built (render/feedwindow.py),
and its key needs the digest of what the entry shows. Measuring them means cleaning and
flattening the text of every paper in the feed window: a week of all of arXiv, 0.4 s of a new
day's serial start at 30k papers. The text is a pure function of the paper as its day file holds
it, so each day file's measures are remembered with it in the content memo (stage.py) and a new
day measures its own papers only. The entry's link is left out of the measures: it depends on the
window (whether the paper has a page), not on the paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeGuard

from generator.content.model import Paper
from generator.render import feedwindow, texstyle
from generator.render.keys import digest

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Strip characters XML 1.0 forbids (they do occur in extracted text; lxml refuses them).
    Every one of them is unprintable, so printable text (nearly all of it, checked in C) is as it is:
    a build cleans every author name of a week of papers, 60k of them at all of arXiv."""
    return text if text.isprintable() else _CONTROL.sub("", text)


def entry_title(paper: Paper) -> str:
    # Atom requires a non-empty title and author name (feedgen raises otherwise); a title of only
    # control characters or spaces does reach us from mangled listings.
    title = clean(paper.title).strip() or f"arXiv:{paper.id}"
    return title if paper.version == 1 else f"{title} (v{paper.version})"


MAX_AUTHORS = 30
"""Authors named in an entry; a collaboration paper's thousands of names (100 KB) end in "and N more"."""


def entry_names(paper: Paper) -> list[str]:
    names = [name for name in (clean(a.name).strip() for a in paper.authors or ()) if name] or ["Unknown"]
    if len(names) > MAX_AUTHORS:
        names = names[: MAX_AUTHORS - 1] + [f"and {len(names) - MAX_AUTHORS + 1} more"]
    return names


def abstract_text(paper: Paper) -> str:
    """The abstract as plain text (LaTeX markup flattened), before any shortening."""
    return clean(texstyle.plain(paper.abstract))


Fact = list
"""[bytes of the entry but its link's, bytes of its abstract, digest of all it shows but its link
and date]: a JSON list, as the content memo stores it."""


@dataclass
class EntryFacts:
    """The measures of entries by date and paper id. `known`: what earlier builds measured of the
    papers of each day file, for the bytes the file holds now (a changed file brings none);
    `learnt`: each day this build measured more of, whole (its known measures and the new ones),
    for the content memo to keep."""

    known: dict[str, dict[str, Fact]] = field(default_factory=dict)
    learnt: dict[str, dict[str, Fact]] = field(default_factory=dict)

    def of(self, paper: Paper, date: str) -> Fact:
        """The measures of `paper` as the day file of `date` holds it."""
        day = self.learnt.get(date)  # when there, it holds the day's usable known measures too
        found = (day if day is not None else self.known.get(date, {})).get(paper.id)
        if is_fact(found):
            return found
        title, names, abstract = entry_title(paper), entry_names(paper), abstract_text(paper)
        size = feedwindow.entry_size(paper, title, "", names, abstract)
        text = "\0".join((title, abstract, *names, "", *paper.categories))
        fact = [size.fixed, size.abstract, digest(text.encode("utf-8", "surrogatepass"))]
        if day is None:
            day = self.learnt[date] = {k: v for k, v in self.known.get(date, {}).items() if is_fact(v)}
        day[paper.id] = fact
        return fact


def is_fact(value: object) -> TypeGuard[Fact]:
    """Whether a remembered value has the shape of a Fact (a damaged memo's are measured again)."""
    return (
        type(value) is list
        and len(value) == 3
        and type(value[0]) is int
        and type(value[1]) is int
        and type(value[2]) is str
    )
