"""HTML page outputs: home and day pages, category/archive listings, paper pages, FAQ fragments, 404.

Each function yields writer Outputs whose inputs are exactly the template context, so an unchanged
page is skipped by the writer without rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import jinja2

from generator import paging, taxonomy, urls
from generator.config import Settings
from generator.models import Paper
from generator.sitemodel import Row, SiteModel, day_counts, listing_type, paper_categories, row_key
from generator.views import View, faq_view, paper_view
from generator.writer import Output, fingerprint


@dataclass
class PageContext:
    """What every page needs besides its own data."""

    env: jinja2.Environment
    settings: Settings
    model: SiteModel
    linker: urls.Linker
    css_path: str
    views: dict[int, dict]
    _feed_links: dict[tuple, tuple] = field(default_factory=dict)
    day_page: dict[tuple[str, str], str] = field(default_factory=dict)
    """(date, paper id) -> the page of days/<date>/ that lists the paper (filled by day_pages)."""

    def view(self, paper: Paper) -> View:
        """The view of a paper as announced on one day (each day's Paper object is its own)."""
        v = self.views.get(id(paper))
        if v is None:
            v = self.views[id(paper)] = paper_view(paper, self.model, self.settings)
        return v

    def common(self, path: str, title: str, feeds: tuple[str, ...]) -> dict:
        link = self.linker
        root = link.root(path)
        # The feed links of a page depend only on its feeds and its depth: 10k paper pages share a few.
        feed_links = self._feed_links.get((feeds, root))
        if feed_links is None:
            tax = taxonomy.load()
            feed_links = self._feed_links[(feeds, root)] = tuple(
                (_feed_title(name, tax, self.settings), link.absolute(urls.feed(name)) or link.href(path, urls.feed(name)))
                for name in feeds
            )
        return {
            "site_title": self.settings.site_title,
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
        return Output(
            urls.output_file(path),
            fingerprint(template, ctx),
            lambda: tpl.render(ctx).encode("utf-8"),
            f"page {template}",
        )


def _feed_title(name: str, tax, settings: Settings) -> str:
    label = "all papers" if name == "all" else f"{name} ({tax.name(name)})"
    return f"{label} — {settings.site_title}"


def _rows(pc: PageContext, rows: list[Row]) -> tuple:
    return tuple((kind, pc.view(paper)) for kind, paper in rows)


def _neighbours(dates: list[str], date: str) -> tuple[str | None, str | None]:
    i = dates.index(date)
    return (dates[i - 1] if i > 0 else None, dates[i + 1] if i + 1 < len(dates) else None)


def listing_pages(pc: PageContext, code: str) -> Iterator[Output]:
    tax = taxonomy.load()
    dates = pc.model.dates_of(code)
    is_archive = code in pc.model.archives
    feeds = (code, "all") if code != "all" else ("all",)
    base = {"code": code, "name": tax.name(code), "is_archive": is_archive,
            "days_index": urls.listing_days(code), "feed": urls.feed(code)}
    for date in dates:
        rows = pc.model.listings[code][date]
        prev, nxt = _neighbours(dates, date)
        data = base | {
            "date": date,
            "latest": date == dates[-1],
            "counts": day_counts(rows),
            "prev": urls.listing(code, prev) if prev else None,
            "next": urls.listing(code, nxt) if nxt else None,
            "prev_date": prev,
            "next_date": nxt,
        }
        listing = urls.listing(code, date)
        parts = paging.chunks(rows, pc.settings.listing_page_size)
        first = 0
        for number, part in enumerate(parts, 1):
            path = urls.page(listing, number)
            pager = paging.pager(listing, number, len(parts), first, len(part), len(rows))
            title = f"{code} — {date}" + (f" (page {number} of {len(parts)})" if pager else "")
            page = data | {"rows": _rows(pc, part), "pager": pager}
            yield pc.output(path, "listing.html", pc.common(path, title, feeds) | page)
            first += len(part)
    if dates:
        yield _latest_page(pc, code, dates, feeds, base)
    path = urls.listing_days(code)
    days = tuple((d, urls.listing(code, d), len(pc.model.listings[code][d])) for d in reversed(dates))
    data = {"code": code, "name": tax.name(code), "is_archive": is_archive, "days": days}
    yield pc.output(path, "listing_days.html", pc.common(path, f"{code} — all days", feeds) | data)


RECENT_DAYS = 10
"""Days listed on a category's "latest" page."""


def _latest_page(pc: PageContext, code: str, dates: list[str], feeds: tuple, base: dict) -> Output:
    """/<code>/: a small page that forwards to the latest day's listing (a meta refresh and a visible
    link), not a second copy of it: a new day then re-renders a few lines here, not a whole listing."""
    date = dates[-1]
    rows = pc.model.listings[code][date]
    recent = tuple((d, urls.listing(code, d), len(pc.model.listings[code][d])) for d in reversed(dates[-RECENT_DAYS:]))
    data = base | {"date": date, "target": urls.listing(code, date), "counts": day_counts(rows), "days": recent}
    path = urls.listing(code)
    return pc.output(path, "latest.html", pc.common(path, f"{code} — latest day", feeds) | data)


def _groups(pc: PageContext, date: str) -> tuple:
    """Each paper of the day once, under its primary category (or its first listed one)."""
    groups: dict[str, list[Row]] = {}
    for paper in pc.model.days[date].papers:
        cats = paper_categories(paper)
        home = next((c for c in cats if date in pc.model.listings.get(c, {}) and c not in pc.model.archives), None)
        if home is not None:
            groups.setdefault(home, []).append((listing_type(paper, home == cats[0]), paper))
    tax = taxonomy.load()
    return tuple(
        (code, tax.name(code), urls.listing(code, date), _rows(pc, sorted(rows, key=row_key)))
        for code, rows in sorted(groups.items())
    )


def _count_table(pc: PageContext, date: str) -> tuple:
    tax = taxonomy.load()
    codes = [c for c in pc.model.codes() if date in pc.model.listings[c]]
    codes.sort(key=lambda c: (c not in pc.model.archives, c))
    return tuple(
        (c, tax.name(c), c in pc.model.archives, urls.listing(c, date), day_counts(pc.model.listings[c][date]))
        for c in codes
    )


def day_pages(pc: PageContext) -> Iterator[Output]:
    dates = pc.model.dates
    all_feeds = ("all",) + tuple(pc.model.codes())
    for date in dates:
        prev, nxt = _neighbours(dates, date)
        data = {
            "date": date,
            "latest": date == dates[-1],
            "total": len(pc.model.days[date].papers),
            "table": _count_table(pc, date),
            "prev": urls.day(prev) if prev else None,
            "next": urls.day(nxt) if nxt else None,
            "prev_date": prev,
            "next_date": nxt,
        }
        yield from _day_pages(pc, date, data, all_feeds)
    days = tuple((d, urls.day(d), len(pc.model.days[d].papers)) for d in reversed(dates))
    yield pc.output(urls.DAYS_INDEX, "days.html", pc.common(urls.DAYS_INDEX, "All days", ("all",)) | {"days": days})
    if not dates:
        yield pc.output(urls.HOME, "empty.html", pc.common(urls.HOME, "No papers yet", ()))


def _day_pages(pc: PageContext, date: str, data: dict, all_feeds: tuple) -> Iterator[Output]:
    """days/<date>/ split into pages of whole categories; home is a copy of page 1 of the latest day
    (its pager links on to days/<date>/2/, so the further pages exist once)."""
    listing = urls.day(date)
    parts = paging.pack_groups(_groups(pc, date), pc.settings.listing_page_size)
    first = 0
    for number, groups in enumerate(parts, 1):
        path = urls.page(listing, number)
        shown = sum(len(g[3]) for g in groups)
        for group in groups:
            for _, view in group[3]:
                pc.day_page.setdefault((date, view["id"]), path)
        pager = paging.pager(listing, number, len(parts), first, shown, data["total"])
        page = data | {"groups": tuple(groups), "pager": pager}
        paths = (path,) + ((urls.HOME,) if number == 1 and data["latest"] else ())
        for out in paths:
            title = "Latest papers" if out == urls.HOME else f"Papers of {date}"
            if pager and out != urls.HOME:
                title += f" (page {number} of {len(parts)})"
            feeds = all_feeds if out == urls.HOME else ("all",)
            yield pc.output(out, "day.html", pc.common(out, title, feeds) | page)
        first += shown


def paper_pages(pc: PageContext) -> Iterator[Output]:
    for pid in sorted(pc.model.page_ids):
        seen = pc.model.appearances[pid]
        view = pc.view(pc.model.latest_paper(pid))
        faq = pc.model.faqs.get(pid)
        fview = faq_view(faq, pc.model.latest_version(pid), pc.settings) if faq else None
        data = {
            "paper": view,
            "days": tuple((d, pc.day_page.get((d, pid), urls.day(d)), p.version, p.announce_type) for d, p in reversed(seen)),
            "faq": fview,
        }
        path = urls.paper(pid)
        title = view["title"]
        feeds = (paper_categories(pc.model.latest_paper(pid))[0],)
        feeds = feeds if feeds[0] in pc.model.listings else ()
        yield pc.output(path, "paper.html", pc.common(path, title, feeds) | data)
        if fview is not None:
            frag = urls.faq_fragment(pid)
            yield pc.output(frag, "faq_fragment.html", pc.common(frag, title, ()) | {"faq": fview, "paper": view})


def not_found_page(pc: PageContext) -> Output:
    # Pages serves 404.html for any missing path at any depth: relative links cannot work there,
    # so in a relative build this page links from the site root only.
    return pc.output("404.html", "404.html", pc.common("404.html", "Page not found", ()))
