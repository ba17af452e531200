"""Does every Atom feed of a built site hold the newest announcement day whole? (issue 15: a reader
polling once a day must never miss a paper). Entries are matched by their arXiv id."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from siteplan import newest_day_codes

from generator.content.ids import split_version

_ATOM = "{http://www.w3.org/2005/Atom}"


def feed_ids(path: Path) -> set[str]:
    """Bare arXiv ids of a feed's entries (an entry id is abs/<id>, or abs/<id>v<N> per announcement)."""
    ids = (e.findtext(f"{_ATOM}id") or "" for e in etree.parse(str(path)).iter(f"{_ATOM}entry"))
    return {split_version(i.rsplit("/abs/", 1)[-1])[0] for i in ids}


def missed_newest(site: Path, content: Path) -> dict[str, int]:
    """Feed name -> papers of the newest day listed under it that the feed lacks (only feeds that lack some)."""
    _, codes = newest_day_codes(content)
    missed = {}
    for path in sorted((site / "feeds").glob("*.atom")):
        name = path.name.removesuffix(".atom")
        lacking = len(codes.get(name, set()) - feed_ids(path))
        if lacking:
            missed[name] = lacking
    return missed
