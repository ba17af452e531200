"""HTML page outputs: home and day pages, category/archive listings, 404 (paper pages: paperpages.py).

Pages made of papers are lazy: their key comes from the digests of the day files they show (plus
the few site-wide facts a view reads), and their template context is built only when the writer
renders them, in the worker that does. So an unchanged day costs a few tuples, not 500 views.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import jinja2

from generator.content import taxonomy
from generator.content.model import Paper
from generator.render import filterfeeds, pagination, urls
from generator.render.catalog import Catalog, Row, day_counts, in_id_order, listing_type, paper_categories, type_rank
from generator.render.feeds import feed_label, feed_names, paper_feeds
from generator.render.keys import Keyring, Output, Shape, fingerprint
from generator.render.views import View, paper_view


@dataclass
class PageContext:
    """What every page needs besides its own data."""

    env: jinja2.Environment
    shape: Shape
    catalog: Catalog
    linker: urls.Linker
    css_path: str
    views: dict[int, View]
    _feed_links: dict[tuple, tuple] = field(default_factory=dict)
    keys: Keyring = field(kw_only=True)
    """The one way every page here is keyed (see render/keys.py)."""
    day_page: dict[tuple[str, str], str] = field(default_factory=dict)
    """(date, paper id) -> the page of days/<date>/ that lists the paper (see day_parts)."""
    _parts: dict[str, list] = field(default_factory=dict)
    _flags: dict[str, str] = field(default_factory=dict)
    _paper_feeds: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    _templates: dict[str, jinja2.Template] = field(default_factory=dict)
    _links: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    _archives: str = ""
    last_paper: tuple = ()
    """(paper id, context) of the last paper page built: its FAQ fragment (the next path in a
    worker's sorted share) reuses it, so each FAQ is sanitised once per build, not twice."""

    def day_parts(self, date: str) -> list[list[tuple]]:
        """days/<date>/ split into pages of (code, name, link, rows, total, continued), rows still
        (kind, Paper); records which page lists each paper."""
        parts = self._parts.get(date)
        if parts is None:
            parts = self._parts[date] = pagination.pack_groups(_groups(self, date), self.shape.listing_page_size)
            listing = urls.day(date)
            for number, groups in enumerate(parts, 1):
                path = urls.page(listing, number)
                for group in groups:
                    for _, paper in group[3]:
                        self.day_page.setdefault((date, paper.id), path)
        return parts

    def day_page_count(self, date: str) -> int:
        """len(day_parts(date)) without splitting the day, when an earlier build counted it for the
        same day file (Catalog.day_page_counts): the split depends only on the day's papers, the page
        size and which codes are archives (a new day at 30k papers split 20 old days, 0.2 s)."""
        if not self._archives:
            self._archives = fingerprint(sorted(self.catalog.archives))
        found = self.catalog.day_page_counts.get(date)
        wanted = [self.shape.listing_page_size, self._archives]
        usable = isinstance(found, list) and len(found) == 3 and type(found[2]) is int and found[2] >= 0
        if usable and found is not None and found[:2] == wanted:
            return found[2]
        count = len(self.day_parts(date))
        self.catalog.day_page_counts[date] = [self.shape.listing_page_size, self._archives, count]
        return count

    def day_key(self, date: str) -> str:
        """What a day's papers look like on any page, as one digest: of the day file's digest, which
        of its entries link to a page and an FAQ (Catalog.has_page), and which of their categories
        have listings (views link to those). Digested once a day: its 3,000 listing pages at all of
        arXiv each hashed the kilobytes of flags and codes again."""
        found = self._flags.get(date)
        if found is None:
            linked, faqs = self.catalog.linked, self.catalog.faqs
            papers = self.catalog.days[date].papers
            bits = "".join("0" if id(p) not in linked else "1" if p.id in faqs else "2" for p in papers)
            digest = self.catalog.day_digests.get(date, "")
            found = self._flags[date] = fingerprint("day", digest, bits, self.links(*papers))
        return found

    def paper_feeds(self, paper: Paper) -> tuple[str, ...]:
        """feeds.paper_feeds, once per category list (asked for each of 30k paper pages)."""
        cats = tuple(paper.categories)
        found = self._paper_feeds.get(cats)
        if found is None:
            found = self._paper_feeds[cats] = paper_feeds(self.catalog, paper)
        return found

    def links(self, *papers: Paper) -> tuple[str, ...]:
        """The categories of these papers that have a listing page (a view links those)."""
        if len(papers) == 1:  # a paper page: a few thousand category lists among 30k papers
            cats = tuple(papers[0].categories)
            found = self._links.get(cats)
            if found is None:
                found = self._links[cats] = self._listed(paper_categories(papers[0]))
            return found
        return self._listed({c for p in papers for c in paper_categories(p)})

    def _listed(self, codes: Iterable[str]) -> tuple[str, ...]:
        """`codes` without repeats (paper_categories, or a set)."""
        return tuple(sorted(c for c in codes if c in self.catalog.listings))

    def view(self, paper: Paper) -> View:
        """The view of a paper as announced on one day (each day's Paper object is its own)."""
        v = self.views.get(id(paper))
        if v is None:
            v = self.views[id(paper)] = paper_view(paper, self.catalog, self.shape)
        return v

    def common(self, path: str, title: str, feeds: tuple[str, ...]) -> dict:
        link = self.linker
        root = link.root(path)
        # The feed links of a page depend only on its feeds and its depth: 10k paper pages share a few.
        feed_links = self._feed_links.get((feeds, root))
        if feed_links is None:
            tax = taxonomy.load()
            feed_links = self._feed_links[(feeds, root)] = tuple(
                (
                    _feed_title(name, tax, self.shape),
                    link.absolute(urls.feed(name)) or link.href(path, urls.feed(name)),
                )
                for name in feeds
            )
        return {
            "site_title": self.shape.site_title,
            "title": title,
            "path": path,
            "root": root,
            "ix": link.ix,
            "css": link.href(path, self.css_path),
            "canonical": link.absolute(path),
            "feeds": feed_links,
        }

    def output(self, path: str, template: str, ctx: dict) -> Output:
        tpl = self.env.get_template(template)
        return self.keys.output(
            urls.output_file(path), f"page {template}", ctx, lambda: tpl.render(ctx).encode("utf-8")
        )

    def lazy(self, path: str, template: str, key: tuple, build: Callable[[], dict]) -> Output:
        """A page whose context `build` is a pure function of `key`, the page path and the keyring's
        build-wide inputs (a lazy page's context is built only if its key changed)."""
        tpl = self._templates.get(template) or self._templates.setdefault(template, self.env.get_template(template))
        return self.keys.output(
            urls.output_file(path), f"page {template}", key, lambda: tpl.render(build()).encode("utf-8")
        )


def _feed_title(name: str, tax, settings: Shape) -> str:
    label = "all papers" if name == "all" else f"{name} ({tax.name(name)})"
    if name.startswith(filterfeeds.PREFIX):
        label = feed_label(name, settings.filter_feeds)
    return f"{label} — {settings.site_title}"


def _rows(pc: PageContext, rows: Sequence[Row]) -> tuple:
    return tuple((kind, pc.view(paper)) for kind, paper in rows)


def _neighbours(dates: list[str], date: str) -> tuple[str | None, str | None]:
    i = dates.index(date)
    return (dates[i - 1] if i > 0 else None, dates[i + 1] if i + 1 < len(dates) else None)


def listing_pages(pc: PageContext, code: str) -> Iterator[Output]:
    tax = taxonomy.load()
    dates = pc.catalog.dates_of(code)
    is_archive = code in pc.catalog.archives
    own: tuple[str, ...] = (code, "all") if code != "all" else ("all",)
    feeds = own + filterfeeds.listing_feeds(pc.shape.filter_feeds, code)
    base = {
        "code": code,
        "name": tax.name(code),
        "is_archive": is_archive,
        "days_index": urls.listing_days(code),
        "feed": urls.feed(code),
        "newer": urls.listing(code),
        "days_json": urls.days_json(code),
    }
    for date in dates:
        rows = pc.catalog.listings[code][date]
        prev = _neighbours(dates, date)[0]
        listing = urls.listing(code, date)
        parts = pagination.chunks(rows, pc.shape.listing_page_size)
        # No "next day" and no "latest" in a listing: a new day must leave the older pages
        # byte-identical. The reader's script finds the next day in days.json (see day_index).
        key = ("listing", code, date, pc.day_key(date), prev)
        first = 0
        for number, part in enumerate(parts, 1):
            path = urls.page(listing, number)
            args = (pc, code, base, date, rows, prev, path, number, len(parts), part, first, feeds)
            yield pc.lazy(path, "listing.html", key, functools.partial(_listing_context, *args))
            first += len(part)
    if dates:
        yield _latest_page(pc, code, dates, feeds, base)
        yield day_index(pc, code, dates)
    path = urls.listing_days(code)
    days = tuple((d, urls.listing(code, d), len(pc.catalog.listings[code][d])) for d in reversed(dates))
    data = {"code": code, "name": tax.name(code), "is_archive": is_archive, "days": days}
    yield pc.output(path, "listing_days.html", pc.common(path, f"{code} — all days", feeds) | data)


def _listing_context(
    pc: PageContext,
    code: str,
    base: dict,
    date: str,
    rows: list[Row],
    prev: str | None,
    path: str,
    number: int,
    pages: int,
    part: Sequence[Row],
    first: int,
    feeds: tuple,
) -> dict:
    data = base | {
        "date": date,
        "counts": day_counts(rows),
        "prev": urls.listing(code, prev) if prev else None,
        "prev_date": prev,
    }
    pager = pagination.pager(urls.listing(code, date), number, pages, first, len(part), len(rows))
    title = f"{code} — {date}" + (f" (page {number} of {pages})" if pager else "")
    page = data | {"rows": _rows(pc, part), "pager": pager, "page_counts": day_counts(part)}
    return pc.common(path, title, feeds) | page


RECENT_DAYS = 10
"""Days listed on a category's "latest" page."""


def _latest_page(pc: PageContext, code: str, dates: list[str], feeds: tuple, base: dict) -> Output:
    """/<code>/: a small page that forwards to the latest day's listing (a meta refresh and a visible
    link), not a second copy of it: a new day then re-renders a few lines here, not a whole listing."""
    date = dates[-1]
    rows = pc.catalog.listings[code][date]
    recent = tuple(
        (d, urls.listing(code, d), len(pc.catalog.listings[code][d])) for d in reversed(dates[-RECENT_DAYS:])
    )
    data = base | {"date": date, "target": urls.listing(code, date), "counts": day_counts(rows), "days": recent}
    path = urls.listing(code)
    return pc.output(path, "latest.html", pc.common(path, f"{code} — latest day", feeds) | data)


def _groups(pc: PageContext, date: str) -> tuple:
    """Each paper of the day once, under its primary category (or its first listed one); rows are
    (kind, Paper) here and become views only when a page is rendered."""
    groups: dict[str, list[Row]] = {}
    for paper in in_id_order(pc.catalog.days[date].papers):
        cats = paper_categories(paper)
        home = next((c for c in cats if date in pc.catalog.listings.get(c, {}) and c not in pc.catalog.archives), None)
        if home is not None:
            groups.setdefault(home, []).append((listing_type(paper, home == cats[0]), paper))
    tax = taxonomy.load()
    return tuple(
        (code, tax.name(code), urls.listing(code, date), tuple(sorted(rows, key=type_rank)))
        for code, rows in sorted(groups.items())
    )


def _count_table(pc: PageContext, date: str) -> tuple:
    tax = taxonomy.load()
    codes = [c for c in pc.catalog.codes() if date in pc.catalog.listings[c]]
    codes.sort(key=lambda c: (c not in pc.catalog.archives, c))
    return tuple(
        (c, tax.name(c), c in pc.catalog.archives, urls.listing(c, date), day_counts(pc.catalog.listings[c][date]))
        for c in codes
    )


def day_pages(pc: PageContext) -> Iterator[Output]:
    dates = pc.catalog.dates
    all_feeds = tuple(feed_names(pc.catalog, pc.shape.filter_feeds))
    for date in dates:
        yield from _day_pages(pc, date, _neighbours(dates, date), date == dates[-1], all_feeds)
    days = tuple((d, urls.day(d), len(pc.catalog.days[d].papers)) for d in reversed(dates))
    yield pc.output(urls.DAYS_INDEX, "days.html", pc.common(urls.DAYS_INDEX, "All days", ("all",)) | {"days": days})
    if dates:
        yield day_index(pc, None, dates)
    if not dates:
        yield pc.output(urls.HOME, "empty.html", pc.common(urls.HOME, "No papers yet", ()))


def day_index(pc: PageContext, code: str | None, dates: list[str]) -> Output:
    """days.json of a listing (or of the day pages, code None): its dates, oldest first. The next-day
    link of a page is resolved from it in the browser, so a new day rewrites this small file and
    not every page of the day before."""
    data = {"version": 1, "days": [[d, urls.listing(code, d) if code else urls.day(d)] for d in dates]}
    body = (json.dumps(data, separators=(",", ":")) + "\n").encode()
    return pc.keys.output(urls.days_json(code), "days index", tuple(dates), lambda: body)


def _day_pages(pc: PageContext, date: str, around: tuple, latest: bool, all_feeds: tuple) -> Iterator[Output]:
    """days/<date>/ split into pages of whole categories; home is a copy of page 1 of the latest day
    (its pager links on to days/<date>/2/, so the further pages exist once)."""
    listing = urls.day(date)
    pages = pc.day_page_count(date)  # the split itself is made where a page is rendered
    # Like listings, day pages hold no "next day" and no "latest" (only home, a copy, says latest).
    key = ("day", date, pc.day_key(date), around[0])
    for number in range(1, pages + 1):
        path = urls.page(listing, number)
        paths = (path,) + ((urls.HOME,) if number == 1 and latest else ())
        for out in paths:
            args = (pc, date, around, latest, all_feeds, out, number, pages)
            # Home also links every category's feed (autodiscovery): their list is part of its key.
            own = key + (all_feeds,) if out == urls.HOME else key
            yield pc.lazy(out, "day.html", own, functools.partial(_day_context, *args))


def _day_context(
    pc: PageContext,
    date: str,
    around: tuple,
    latest: bool,
    all_feeds: tuple,
    out: str,
    number: int,
    pages: int,
) -> dict:
    parts = pc.day_parts(date)
    groups = parts[number - 1]
    first = sum(len(g[3]) for part in parts[: number - 1] for g in part)
    prev = around[0]
    total = len(pc.catalog.days[date].papers)
    data = {
        "date": date,
        "latest": out == urls.HOME,
        "total": total,
        "table": _count_table(pc, date),
        "prev": urls.day(prev) if prev else None,
        "prev_date": prev,
        "newer": urls.HOME,
        "days_json": urls.days_json(None),
    }
    shown = sum(len(g[3]) for g in groups)
    pager = pagination.pager(urls.day(date), number, pages, first, shown, total)
    viewed = tuple((code, name, link, _rows(pc, rows), count, cont) for code, name, link, rows, count, cont in groups)
    shown_rows = [row for g in groups for row in g[3]]
    page = data | {"groups": viewed, "pager": pager, "page_counts": day_counts(shown_rows)}
    title = "Latest papers" if out == urls.HOME else f"Papers of {date}"
    if pager and out != urls.HOME:
        title += f" (page {number} of {pages})"
    # A day holds every category: its saved filters' feeds are offered beside the all-papers feed.
    filters = tuple(filterfeeds.feed_name(f) for f in pc.shape.filter_feeds)
    feeds = all_feeds if out == urls.HOME else ("all", *filters)
    return pc.common(out, title, feeds) | page


def not_found_page(pc: PageContext) -> Output:
    # Pages (and `digest serve`) answer any missing path at any depth with 404.html: links relative
    # to the page would point below that path, so a relative build links it from the server's root.
    if pc.linker.relative:
        pc = dataclasses.replace(pc, linker=dataclasses.replace(pc.linker, from_root=True))
    return pc.output("404.html", "404.html", pc.common("404.html", "Page not found", ()))
