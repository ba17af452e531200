"""The fetch stage: the latest announcement of the configured categories -> content/days/<date>.json.

Fewest requests: one listing feed for all categories joined with `+` (split only when a reply hits
arXiv's 2,000-item cap), then ceil(papers / batch) API requests for what the feed lacks. The day is
written from the feed first, then again after each enrichment batch, so a crash or an API outage
loses nothing and the next run fills in what is missing.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from dataclasses import dataclass

import requests
from tqdm import tqdm

from generator.config import Settings
from generator.content import taxonomy
from generator.content.model import TYPE_ORDER, Day, Paper
from generator.content.store import ContentStore
from generator.errors import FetchError
from generator.fetch import validators
from generator.fetch.enrich import apply_record, fetch_api_records
from generator.fetch.listing import Listing, parse_listing
from generator.net.client import PoliteClient

log = logging.getLogger(__name__)


@dataclass
class FetchReport:
    status: str
    """"written", "unchanged", "no-announcement", "not-updated"."""
    date: str | None = None
    papers: int = 0
    enriched: int = 0
    requests: int = 0
    note: str = ""

    def summary(self) -> str:
        if self.status == "no-announcement":
            return f"no announcement: the listing feed {self.note} has no papers; content unchanged"
        if self.status == "not-updated":
            return f"nothing new: {self.note}; content unchanged"
        missing = self.papers - self.enriched
        tail = f", {missing} still without API details (retried next run)" if missing else ""
        verb = "wrote" if self.status == "written" else "unchanged:"
        return (
            f"{verb} {self.date}: {self.papers} papers, {self.enriched} with API details{tail} "
            f"({self.requests} requests to arXiv)"
        )


def feed_url(settings: Settings, codes: list[str]) -> str:
    return settings.arxiv_rss_url.rstrip("/") + "/" + "+".join(codes)


def _split(codes: list[str]) -> list[list[str]] | None:
    """Halve a request that hit the cap; a lone archive expands into its categories."""
    if len(codes) > 1:
        mid = len(codes) // 2
        return [codes[:mid], codes[mid:]]
    members = taxonomy.load().archive_categories(codes[0])
    if len(members) > 1:
        return _split(members)
    return None


def _merge_listings(parts: list[Listing]) -> Listing:
    dates = {p.date for p in parts if p.papers and p.date is not None}
    if len(dates) > 1:
        raise FetchError(
            f"listing feeds disagree on the date ({', '.join(sorted(dates))}); arXiv is "
            "probably mid-update, try again later"
        )
    papers: dict[str, Paper] = {}
    capped = tuple(code for part in parts for code in part.capped)
    for part in parts:
        for paper in part.papers:
            seen = papers.get(paper.id)
            # Across split requests a paper is `new` where its primary was requested and `cross`
            # elsewhere; the combined request would have said `new` (likewise replace/replace-cross).
            if seen is None or TYPE_ORDER[paper.announce_type] < TYPE_ORDER[seen.announce_type]:
                papers[paper.id] = paper
    date = dates.pop() if dates else next((p.date for p in parts if p.date), None)
    return Listing(date=date, papers=tuple(papers.values()), capped=capped)


def fetch_listing(
    client: PoliteClient, settings: Settings, codes: list[str], first: requests.Response | None = None
) -> Listing:
    """The listing of `codes` (`first`: its reply, already fetched), split while at the cap."""
    url = feed_url(settings, codes)
    resp = first if first is not None else client.get(url)
    listing = parse_listing(resp.content, url)
    if listing.items < settings.feed_cap:
        return listing
    halves = _split(codes)
    if halves is None:
        # One category cannot be split: the day is stored, marked incomplete, and the run fails.
        return dataclasses.replace(listing, capped=tuple(codes))
    log.info(
        "%s hit the %d-item cap; fetching %s separately",
        url,
        settings.feed_cap,
        " and ".join("+".join(h) for h in halves),
    )
    return _merge_listings([fetch_listing(client, settings, half) for half in halves])


def _covered(codes: tuple[str, ...]) -> set[str]:
    """Canonical categories a request for `codes` lists (an archive stands for its members)."""
    tax = taxonomy.load()
    return {tax.canonical(c) for c in tax.expand([tax.canonical(c) for c in codes])}


def _listed_by(paper: Paper, covered: set[str]) -> bool:
    tax = taxonomy.load()
    return any(tax.canonical(c) in covered for c in paper.categories)


def _carry(before: Paper, paper: Paper) -> Paper:
    """The feed's paper with what an earlier run of the same day added.

    Text always comes from this feed (a fixed clean-up then reaches stored days). The type is the
    one arXiv gives for the union of both requests: a paper `new` in one request's categories and
    `cross` in the other's is `new` (likewise replace over replace-cross)."""
    if before.version != paper.version:
        return paper
    kind = min(before.announce_type, paper.announce_type, key=TYPE_ORDER.__getitem__)
    authors = paper.authors
    if len(before.authors) == len(authors):
        authors = tuple(
            a if a.affiliations else dataclasses.replace(a, affiliations=b.affiliations)
            for a, b in zip(authors, before.authors)
        )
    return dataclasses.replace(
        paper,
        announce_type=kind,
        authors=authors,
        doi=paper.doi or before.doi,
        journal_ref=paper.journal_ref or before.journal_ref,
        comment=before.comment,
        published=before.published,
        updated=before.updated,
        enrichment=before.enrichment,
    )


def _merge_day(existing: Day | None, listing: Listing, categories: tuple[str, ...]) -> Day:
    """The listing on top of what an earlier run of the same day wrote.

    A stored paper missing from this listing is dropped when this request covers one of its
    categories (arXiv no longer lists it that day: the feed decides), and kept when it came from
    categories this run did not ask for. A capped listing is short, so it drops nothing."""
    if listing.date is None:
        raise FetchError("a listing feed without a date cannot be stored")
    old = {p.id: p for p in existing.papers} if existing else {}
    covered = set() if listing.capped else _covered(categories)
    papers = {pid: p for pid, p in old.items() if not _listed_by(p, covered)}
    dropped = len(old) - len(papers) - sum(1 for p in listing.papers if p.id in old)
    if dropped:
        log.info("%s: %d stored papers are no longer in arXiv's listing; removed", listing.date, dropped)
    for paper in listing.papers:
        before = old.get(paper.id)
        papers[paper.id] = _carry(before, paper) if before else paper
    cats = tuple(dict.fromkeys((existing.categories if existing else ()) + categories))
    # Cut categories this run did not refetch stay marked; refetched ones say what arXiv says now.
    kept = tuple(c for c in (existing.incomplete if existing else ()) if c not in categories)
    incomplete = tuple(dict.fromkeys(kept + listing.capped))
    return Day(date=listing.date, categories=cats, papers=tuple(papers.values()), incomplete=incomplete)


def _check_date(listing: Listing, expected: str | None, store: ContentStore, url: str) -> str | None:
    """A reason to stop without writing, or None to go on."""
    if expected is not None and listing.date != expected:
        if listing.date is not None and listing.date > expected:
            raise FetchError(
                f"the listing feed serves only the latest announcement ({listing.date}); "
                f"{expected} cannot be fetched from it",
                url=url,
            )
        return f"the listing feed is still dated {listing.date}, not {expected} (not yet updated)"
    stored = store.dates()
    latest = stored[-1] if stored else None
    if expected is None and latest is not None and listing.date is not None and listing.date < latest:
        return f"the listing feed is dated {listing.date}, older than the newest day {latest}"
    return None


RECENT_DAYS = 7
"""Earlier days whose papers still lack API details are retried for this many days."""


def enrich_day(day: Day, store: ContentStore, client: PoliteClient, settings: Settings) -> tuple[Day, bool]:
    """Fill API fields batch by batch, writing after each; an API failure keeps the feed data.

    Returns the day and whether the API answered (False: stop asking it in this run)."""
    todo = [p.id for p in day.papers if not p.enriched]
    if not todo:
        return day, True
    batches = fetch_api_records(client, settings.arxiv_api_url, todo, settings.api_batch_size)
    total = -(-len(todo) // settings.api_batch_size)
    bar = tqdm(batches, total=total, desc=f"arXiv API {day.date}", unit="batch", disable=not sys.stderr.isatty())
    try:
        for found in bar:
            papers = tuple(apply_record(p, found[p.id]) if p.id in found else p for p in day.papers)
            day = dataclasses.replace(day, papers=papers)
            store.write_day(day)
    except FetchError as err:
        log.warning(
            "API enrichment of %s stopped (%s); the day is kept from the listing feed and "
            "the missing details are fetched on the next run",
            day.date,
            err,
        )
        return day, False
    finally:
        bar.close()
    return day, True


def enrich_recent(store: ContentStore, client: PoliteClient, settings: Settings, skip: str | None) -> None:
    """Retry enrichment of recent days that an API outage left incomplete (even on quiet days)."""
    for date in store.dates()[-RECENT_DAYS:]:
        day = store.read_day(date)
        if date == skip or day is None or all(p.enriched for p in day.papers):
            continue
        if not enrich_day(day, store, client, settings)[1]:
            return


def _saved_validator(settings: Settings, store: ContentStore, url: str) -> validators.Validator | None:
    """The validator of the last stored reply of `url`, if the day it produced is still stored."""
    saved = validators.load(settings.content_dir).get(url)
    return saved if saved is not None and store.day_path(saved.date).exists() else None


def _not_modified(
    store: ContentStore, client: PoliteClient, settings: Settings, saved: validators.Validator, expected: str | None
) -> FetchReport:
    """arXiv answered 304: the listing is the one already stored for `saved.date`."""
    stop = _check_date(Listing(date=saved.date, papers=()), expected, store, settings.arxiv_rss_url)
    enrich_recent(store, client, settings, skip=None)
    if stop:
        return FetchReport("not-updated", saved.date, requests=client.requests_made, note=stop)
    day = store.read_day(saved.date)
    papers = day.papers if day else ()
    return FetchReport(
        "unchanged",
        saved.date,
        papers=len(papers),
        enriched=sum(p.enriched for p in papers),
        requests=client.requests_made,
        note="HTTP 304 Not Modified",
    )


def fetch_latest(
    settings: Settings, expected_date: str | None = None, client: PoliteClient | None = None
) -> FetchReport:
    store = ContentStore(settings.content_dir)
    client = client or PoliteClient.for_arxiv(settings)
    codes = list(settings.categories)
    url = feed_url(settings, codes)
    saved = _saved_validator(settings, store, url)
    first = client.get(url, headers=saved.request_headers() if saved else None)
    if first.status_code == 304:
        if saved is None:
            raise FetchError(f"HTTP 304 Not Modified to an unconditional request: {url}", url=url, status=304)
        return _not_modified(store, client, settings, saved, expected_date)
    listing = fetch_listing(client, settings, codes, first)
    if not listing.papers:
        # Weekends and holidays: an empty feed must never overwrite a good day.
        enrich_recent(store, client, settings, skip=None)
        return FetchReport(
            "no-announcement", listing.date, requests=client.requests_made, note=f"dated {listing.date or '(undated)'}"
        )
    if listing.date is None:
        raise FetchError(f"the listing feed has papers but no date: {url}", url=url)
    stop = _check_date(listing, expected_date, store, url)
    if stop:
        enrich_recent(store, client, settings, skip=None)
        return FetchReport("not-updated", listing.date, requests=client.requests_made, note=stop)
    path = store.day_path(listing.date)
    before = path.read_bytes() if path.exists() else None
    day = _merge_day(store.read_day(listing.date), listing, settings.categories)
    store.write_day(day)
    # Only after the day is stored; a capped (incomplete) reply is asked for in full next time.
    validators.save(
        settings.content_dir, url, None if day.incomplete else validators.from_response(first.headers, day.date)
    )
    day, api_ok = enrich_day(day, store, client, settings)
    if api_ok:
        enrich_recent(store, client, settings, skip=day.date)
    if day.incomplete:
        raise FetchError(
            f"{day.date} is incomplete: the listing of {', '.join(day.incomplete)} hit arXiv's "
            f"{settings.feed_cap}-item cap and one category cannot be split; {len(day.papers)} papers "
            "were stored and the day is marked incomplete in content/",
            url=url,
        )
    return FetchReport(
        "unchanged" if path.read_bytes() == before else "written",
        day.date,
        papers=len(day.papers),
        enriched=sum(p.enriched for p in day.papers),
        requests=client.requests_made,
    )
