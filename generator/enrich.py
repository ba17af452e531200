"""Fill what the listing feed lacks (comment, v1/vN dates, affiliations) from the arXiv API in batches.

Queries are built and parsed by the `arxiv` package; its transport is our PoliteClient, with the
package's own delay and retry loop switched off, so there is exactly one retry layer.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Iterable, Iterator

import arxiv

from generator.http import PoliteClient
from generator.models import Author, Paper, split_version

log = logging.getLogger(__name__)


def _api_client(transport: PoliteClient, api_url: str, batch_size: int) -> arxiv.Client:
    client = arxiv.Client(page_size=batch_size, delay_seconds=0, num_retries=0)
    client.query_url_format = api_url.rstrip("?") + "?{}"
    # arxiv.Client only calls self._session.get(url, headers=...); PoliteClient has that shape.
    # Private attribute, but the documented way to give the package a transport with a timeout.
    client._session = transport  # type: ignore[assignment]
    return client


def fetch_api_records(
    transport: PoliteClient, api_url: str, ids: list[str], batch_size: int
) -> Iterator[dict[str, arxiv.Result]]:
    """Yield one {bare id: Result} dict per batch of ids (one API request each)."""
    client = _api_client(transport, api_url, batch_size)
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        search = arxiv.Search(id_list=batch, max_results=len(batch))
        found: dict[str, arxiv.Result] = {}
        for result in client.results(search):
            bare, _ = split_version(result.get_short_id())
            found[bare] = result
        missing = len(batch) - len(found)
        if missing:
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
        a if a.affiliations or not b.affiliation else Author(a.name, tuple(b.affiliation))
        for a, b in zip(feed, api)
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
        enriched=True,
    )
