"""The FAQs of the papers with pages, parsed when a page or a search record first asks for one.

A new day at 30k papers spent 1.3 s of its serial start parsing 9,740 FAQ files, for the 500 pages
it renders. What keys the pages is known without parsing: a FAQ file's digest comes from the content
memo, and the one fact read from inside it (its version: searchrecords.faq_day) is remembered there too
(catalog.read_faqs). So only the FAQs of the pages and shards that are rebuilt are parsed, each in
the process that renders them (a render worker, or the one writing a shard's search documents). A FAQ is parsed from the bytes its pages were keyed by: a file that
changed during the render fails the render, rather than publishing pages under a stale key.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping

from generator.content.model import Faq
from generator.content.store import ContentStore
from generator.errors import RenderError
from generator.render.keys import digest as file_digest  # of a FAQ file's bytes, as the content memo digests them


class FaqShelf(Mapping[str, Faq]):
    """Paper id -> FAQ, for the ids of `digests` (each with the digest of the bytes to parse)."""

    def __init__(self, store: ContentStore, digests: dict[str, str], parsed: dict[str, Faq]) -> None:
        self.store = store
        self._digests = digests
        self._parsed = parsed
        """The FAQs parsed so far (in this process: each render worker parses its own)."""

    def __getitem__(self, pid: str) -> Faq:
        faq = self._parsed.get(pid)
        if faq is None:
            faq = self._parsed[pid] = self._read(pid, self._digests[pid])
        return faq

    def get(self, pid: str, default: Faq | None = None) -> Faq | None:  # type: ignore[override]
        """Mapping.get would turn a KeyError raised while parsing into "no FAQ": only an id without a
        FAQ is that."""
        return self[pid] if pid in self._digests else default

    def __contains__(self, pid: object) -> bool:
        return pid in self._digests

    def __iter__(self) -> Iterator[str]:
        return iter(self._digests)

    def __len__(self) -> int:
        return len(self._digests)

    def _read(self, pid: str, digest: str) -> Faq:
        path = self.store.faq_path(pid)
        found = self.store.read_faq_bytes(pid)
        if found is None or file_digest(found[1]) != digest:
            raise RenderError(f"{path}: changed while the site was rendered; run `digest render` again")
        return found[0]

    def keep(self, ids: Collection[str]) -> FaqShelf:
        """The shelf of those of `ids` it holds."""
        digests = {pid: d for pid, d in self._digests.items() if pid in ids}
        return FaqShelf(self.store, digests, {pid: f for pid, f in self._parsed.items() if pid in digests})


def keep(faqs: Mapping[str, Faq], ids: Collection[str]) -> Mapping[str, Faq]:
    """`faqs` restricted to `ids` (a shelf stays a shelf: nothing is parsed)."""
    if isinstance(faqs, FaqShelf):
        return faqs.keep(ids)
    return {pid: faq for pid, faq in faqs.items() if pid in ids}
