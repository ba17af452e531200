"""Fill what the listing feed lacks (comment, v1/vN dates, affiliations) from the arXiv API in batches.

Exactly one request per batch of ids, through our PoliteClient (the one retry layer); replies are
parsed by the `arxiv` package's own Atom parser into its `Result` type. We do not use
`arxiv.Client`: it pages on `totalResults` (which the API sometimes overstates, turning a batch
into an extra request and an UnexpectedEmptyPageError), retries on its own, and treats a
malformed reply as "no results".
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

import arxiv
from arxiv import _feed as arxiv_feed  # the package's parser; private name, pinned arxiv<5
from lxml import etree

from generator.content.model import ENRICHMENT_VERSION, Author, Paper, split_version
from generator.errors import FeedFormatError
from generator.net.client import PoliteClient

log = logging.getLogger(__name__)


def batch_url(api_url: str, ids: list[str]) -> str:
    query = urlencode({"id_list": ",".join(ids), "start": 0, "max_results": len(ids)})
    return f"{api_url.rstrip('?')}?{query}"


def parse_api_reply(data: bytes, url: str) -> list[arxiv.Result]:
    """Results of one API reply; FeedFormatError when it is not an Atom feed at all."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as err:
        raise FeedFormatError(f"malformed API reply from {url}: {err}", url=url) from None
    if root.tag != "{http://www.w3.org/2005/Atom}feed":
        raise FeedFormatError(f"expected an Atom feed from {url}, got <{etree.QName(root).localname}>", url=url)
    return arxiv_feed.parse(data).results


def fetch_api_records(
    transport: PoliteClient, api_url: str, ids: list[str], batch_size: int
) -> Iterator[dict[str, arxiv.Result]]:
    """Yield one {bare id: Result} dict per batch of ids (one API request each)."""
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        url = batch_url(api_url, batch)
        found = {}
        for result in parse_api_reply(transport.get(url).content, url):
            bare, _ = split_version(result.get_short_id())
            found[bare] = result
        if len(found) < len(batch):
            log.info("API knew %d of %d ids in this batch", len(found), len(batch))
        yield found


def _iso(value) -> str | None:
    if value is None or value == arxiv._DEFAULT_TIME:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _merge_authors(feed: tuple[Author, ...], api: Iterable[arxiv.Result.Author]) -> tuple[Author, ...]:
    """Keep the feed's names (raw TeX source, canonical); take affiliations from the API when the
    lists line up one to one and the feed had none for that author."""
    api = list(api)
    if len(api) != len(feed):
        return feed
    return tuple(
        a if a.affiliations or not b.affiliation else Author(a.name, tuple(b.affiliation)) for a, b in zip(feed, api)
    )


def apply_record(paper: Paper, result: arxiv.Result) -> Paper:
    """The paper with the API-only fields filled; feed fields win where both have a value."""
    return dataclasses.replace(
        paper,
        authors=_merge_authors(paper.authors, result.authors),
        comment=(result.comment or "").strip() or None,
        published=_iso(result.published),
        updated=_iso(result.updated),
        doi=paper.doi or (result.doi or None),
        journal_ref=paper.journal_ref or (result.journal_ref or None),
        enrichment=ENRICHMENT_VERSION,
    )
