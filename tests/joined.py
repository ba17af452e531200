"""The three real joined announcement days (June 2025) and feeds derived from them.

A derived feed is what arXiv's listing for a narrower category set holds, built from the real
combined feed: the items with a requested category, typed as arXiv types them (own primary ->
new/replace, else cross/replace-cross). Only the selection and the type are derived; every other
byte of each item is the recorded one.
"""

from __future__ import annotations

from conftest import FIXTURES
from lxml import etree

JOINED = FIXTURES / "daily" / "joined-2025-06"
COMBINED = "cs.CL+cs.CV+cs.MM+cs.LG+cs.SI"
DAYS = ("2025-06-04", "2025-06-05", "2025-06-06")
ARXIV_NS = "{http://arxiv.org/schemas/atom}"


def day_feed(date: str) -> bytes:
    return (JOINED / f"{date}_{COMBINED}.xml").read_bytes()


def _retype(item: etree._Element, kind: str) -> None:
    old = item.findtext(f"{ARXIV_NS}announce_type")
    item.find(f"{ARXIV_NS}announce_type").text = kind
    desc = item.find("description")
    desc.text = desc.text.replace(f"Announce Type: {old} ", f"Announce Type: {kind} ", 1)


def derived_feed(rss: bytes, codes: set[str], drop: set[str] = frozenset()) -> bytes:
    """The real feed narrowed to `codes` (and without the ids in `drop`)."""
    root = etree.fromstring(rss)
    channel = root.find("channel")
    for item in channel.findall("item"):
        cats = [c.text for c in item.findall("category")]
        pid = item.findtext("guid").rsplit(":", 1)[1].rsplit("v", 1)[0]
        if pid in drop or not set(cats) & codes:
            channel.remove(item)
            continue
        replaced = item.findtext(f"{ARXIV_NS}announce_type").startswith("replace")
        own = cats[0] in codes
        _retype(item, ("replace" if own else "replace-cross") if replaced else ("new" if own else "cross"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def items(rss: bytes) -> list[tuple[str, int, str, list[str]]]:
    """(id, version, announce type, categories) per item, in feed order."""
    out = []
    for item in etree.fromstring(rss).iter("item"):
        vid = item.findtext("guid").rsplit(":", 1)[1]
        pid, version = vid.rsplit("v", 1)
        cats = [c.text for c in item.findall("category")]
        out.append((pid, int(version), item.findtext(f"{ARXIV_NS}announce_type"), cats))
    return out
