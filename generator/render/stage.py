"""`digest render`: content/ + templates/ -> site/, deterministic and incremental.

Top-down: load the content catalog, gather every output (pages, feeds, sitemap, static files) into
the writer (which refuses two producers for one path), write what changed, delete what vanished,
then check the site against the Pages size budget.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.config import Settings
from generator.content.store import ContentStore
from generator.errors import RenderError
from generator.render import assets, dayfacts, memory, retention, search, urls
from generator.render.catalog import Catalog, content_key, load_catalog, read_faqs
from generator.render.contentmemo import ContentMemo
from generator.render.feeds import feed_home, feed_label, feed_names, feed_outputs
from generator.render.feeds import planned_bytes as planned_feed_bytes
from generator.render.keys import PACKAGE_DIR, Keyring, Output, Shape
from generator.render.pages import PageContext, day_pages, listing_pages, not_found_page
from generator.render.paperpages import paper_pages
from generator.render.partials import memoize_partial
from generator.render.status import status_page
from generator.render.toolpages import tool_pages
from generator.render.writer import SiteWriter, WriteStats

log = logging.getLogger(__name__)

# A checkout keeps templates/ beside the package (where forks edit them); `pip install .` installs
# them as the package data folder generator/templates.
_INSTALLED_TEMPLATES = PACKAGE_DIR / "templates"
DEFAULT_TEMPLATES = _INSTALLED_TEMPLATES if _INSTALLED_TEMPLATES.is_dir() else PACKAGE_DIR.parent / "templates"
SITEMAP_CHUNK = 50_000
PAPER_ENTRY = "partials/paper.html"
"""The listing entry of one paper, included once per paper on every listing page."""
PAPER_ENTRY_BODY = "partials/paper_body.html"
"""Its kind-independent part: a cross-listed paper's entries differ only in the kind."""


@dataclass(frozen=True)
class RenderReport:
    stats: WriteStats
    seconds: float
    site_bytes: int

    note: str = ""
    """Set when the budget shortened the paper-page window (which days lost their pages)."""

    def summary(self) -> str:
        s = self.stats
        line = (
            f"rendered {s.files} files: {s.written} written, {s.removed} removed, "
            f"{s.unchanged} unchanged in {self.seconds:.1f} s ({self.site_bytes / 1e6:.1f} MB)"
        )
        return f"{line}; {self.note}" if self.note else line


def find_templates(settings: Settings) -> Path:
    """settings.templates_dir (relative to the working directory) when it exists, else the templates
    beside the package: a checkout finds its own, and a `pip install .` still has the bundled ones."""
    configured = Path(settings.templates_dir)
    return configured if configured.is_dir() else DEFAULT_TEMPLATES


def make_env(templates_dir: Path, static: dict[str, bytes] | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        keep_trailing_newline=True,
    )
    if static is not None:
        # Every page asks for the same few assets: hash each once, not once per page.
        paths: dict[str, str] = {}
        env.globals["asset"] = lambda name: paths.get(name) or paths.setdefault(name, assets.asset_path(static, name))
    memoize_partial(env, PAPER_ENTRY_BODY)
    memoize_partial(env, PAPER_ENTRY)
    return env


def _meta_outputs(pc: PageContext, outputs: list[Output]) -> list[Output]:
    """sitemap.xml, robots.txt and feeds.opml, from the paths of every HTML page.

    The sitemap protocol wants absolute URLs, so a relative build (no base_url: a local preview or
    a fork before it sets one) has no sitemap, and robots.txt does not point at one. The forwarding
    pages (/<code>/, a meta refresh to the latest day) are left out: the days they forward to are in."""
    link = pc.linker
    result = []
    if link.absolute(urls.HOME) is not None:
        pages = sorted(
            o.path.removesuffix("index.html")
            for o in outputs
            if o.path.endswith("index.html") and o.producer != "page latest.html"
        )
        locs = [link.absolute(p) for p in pages]
        chunks = [locs[i : i + SITEMAP_CHUNK] for i in range(0, len(locs), SITEMAP_CHUNK)] or [[]]
        if len(chunks) == 1:
            result.append(_tpl(pc, "sitemap.xml", "sitemap.xml", {"locs": tuple(chunks[0])}))
        else:
            names = [f"sitemap-{i + 1}.xml" for i in range(len(chunks))]
            for name, chunk in zip(names, chunks):
                result.append(_tpl(pc, name, "sitemap.xml", {"locs": tuple(chunk)}))
            index = tuple(link.absolute(n) for n in names)
            result.append(_tpl(pc, "sitemap.xml", "sitemap_index.xml", {"sitemaps": index}))
    sitemap = link.absolute("sitemap.xml")
    result.append(_tpl(pc, "robots.txt", "robots.txt", {"sitemap": sitemap}))
    feeds = tuple(
        (
            n,
            link.absolute(urls.feed(n)) or urls.feed(n),
            link.absolute(feed_home(n)),
        )
        for n in feed_names(pc.catalog, pc.shape.filter_feeds)
    )
    result.append(
        _tpl(
            pc,
            urls.FEEDS_OPML,
            "feeds.opml",
            {"title": pc.shape.site_title, "feeds": feeds, "names": _names(pc, feeds)},
        )
    )
    return result


def _names(pc: PageContext, feeds: tuple) -> tuple:
    return tuple("All papers" if n == "all" else feed_label(n, pc.shape.filter_feeds) for n, _, _ in feeds)


def _tpl(pc: PageContext, path: str, template: str, ctx: dict) -> Output:
    tpl = pc.env.get_template(template)
    return pc.keys.output(path, f"template {template}", ctx, lambda: tpl.render(ctx).encode("utf-8"))


def gather(
    keys: Keyring,
    catalog: Catalog,
    env: jinja2.Environment,
    static: dict[str, bytes],
    site_dir: Path | None = None,
) -> list[Output]:
    """Every output of the site, each keyed through `keys` (see render/keys.py); the feeds reuse
    the entries earlier builds left in `site_dir`."""
    shape = keys.shape
    linker = urls.Linker.from_base_url(shape.base_url)
    css = assets.asset_path(static, "style.css")
    pc = PageContext(env, shape, catalog, linker, css, {}, keys=keys)
    outputs: list[Output] = list(day_pages(pc))
    for code in catalog.codes():
        outputs.extend(listing_pages(pc, code))
    outputs.extend(paper_pages(pc))
    outputs.append(not_found_page(pc))
    outputs.append(status_page(pc))  # status/: runs, coverage, chart (render/status.py)
    outputs.extend(_meta_outputs(pc, outputs))
    outputs.extend(tool_pages(pc))  # starred/, since/: shells the reader script fills (render/toolpages.py)
    outputs.extend(feed_outputs(catalog, linker, keys, site_dir))
    outputs.extend(keys.static(name, data) for name, data in static.items())
    return outputs


def check_budget(size: int, count: int, settings: Settings) -> None:
    """Fail the render (and so the publish workflow) when the site outgrows GitHub Pages."""
    if size > settings.site_budget_mb * 1_000_000:
        raise RenderError(
            f"site is {size / 1e6:.0f} MB, over the {settings.site_budget_mb} MB budget "
            f"(GitHub Pages publishes at most 1 GB): lower paper_page_days ({settings.paper_page_days})"
        )
    if count > settings.site_max_files:
        raise RenderError(
            f"site has {count} files, over site_max_files={settings.site_max_files}: "
            f"lower paper_page_days ({settings.paper_page_days})"
        )


def render_site(settings: Settings, templates_dir: Path | None = None, *, with_search: bool = True) -> RenderReport:
    """with_search=False skips the Pagefind index (the render benchmark times that step on its own)."""
    started = time.perf_counter()
    templates_dir = templates_dir or find_templates(settings)
    static = assets.static_files()
    env = make_env(templates_dir, static)
    keys = Keyring.for_build(settings, templates_dir, static)
    # The budget decides how many days keep paper pages (render/retention.py), so it keys the build.
    site_dir = Path(settings.site_dir)
    memo = ContentMemo(site_dir, facts_key=keys.code)
    build = keys.build_key(f"{content_key(settings, memo=memo)}/{settings.site_budget_mb}")
    writer = SiteWriter(site_dir, keyring="")
    stats = writer.reuse(build)
    catalog = chosen = job = None
    try:
        if stats is None:
            catalog, chosen = _load(settings, static, memo)
            # No key holds the window the budget chose: what it changes (which papers have a page,
            # and so which links and FAQs a page shows) is in the keys of the outputs it changes, so
            # a window one day shorter re-renders the pages of that day, not every page of the site.
            # The index is made from the catalog, not the pages: its Pagefind runs overlap the rendering.
            job = search.start_index(site_dir, catalog, chosen.page_days, build, keys.code) if with_search else None
            stats = _write_site(writer, keys, catalog, env, static, build, job)
            dayfacts.learn(settings, catalog, memo)
        report = job.finish() if job is not None else _search(settings, static, memo, build, with_search, keys.code)
    finally:
        memory.thaw()
    # Budget what we publish, from the manifest's sizes: no second walk over site/.
    check_budget(writer.produced_bytes + report.bytes, stats.files + report.files, settings)
    memo.save()
    note = chosen.summary() if chosen else ""
    return RenderReport(stats, time.perf_counter() - started, writer.produced_bytes + report.bytes, note)


def _search(
    settings: Settings, static: dict[str, bytes], memo: ContentMemo, build: str, wanted: bool, code: str
) -> search.SearchReport:
    """The index of a build whose pages were all current: usually current too."""
    site_dir = Path(settings.site_dir)
    if not wanted:
        return search.SearchReport(0, 0, 0, True)
    if search.is_current(site_dir, build):
        return search.current_report(site_dir)
    catalog, chosen = _load(settings, static, memo)
    return search.index_catalog(site_dir, catalog, chosen.page_days, build, code)


def _load(
    settings: Settings, static: dict[str, bytes], memo: ContentMemo | None = None
) -> tuple[Catalog, retention.Plan]:
    """The catalog trimmed to the budget's plan, with the FAQs of the pages it keeps (long-lived:
    see memory.long_lived; render_site thaws it). `memo` made the content key: it knows which FAQ
    files need no parsing yet (catalog.read_faqs)."""
    with memory.long_lived():
        return _load_catalog(settings, static, memo)


def _load_catalog(
    settings: Settings, static: dict[str, bytes], memo: ContentMemo | None
) -> tuple[Catalog, retention.Plan]:
    store = ContentStore(settings.content_dir)
    line = int(retention.SAFETY * settings.site_budget_mb * 1_000_000)
    known = dayfacts.known_listing_bytes(store, memo)
    horizon = retention.Horizon(settings.paper_page_days, line, _static_bytes(static), store.faq_sizes, known=known)
    catalog = load_catalog(settings, store, faqs=False, enough=horizon)
    dayfacts.recall(settings, store, catalog, memo)
    if memo is not None:
        for date, value in horizon.listed.items():
            memo.learn(store.day_name(date), catalog.day_digests[date], {dayfacts.LISTING_BYTES: value})
    chosen = _retain(catalog, settings, static, horizon.listed)
    if chosen.left_out:
        # The days the plan left out: the render workers fork from this process, so what it holds
        # counts in each of them (60 days of all arXiv, 24 left out: 512 → 438 MB). The collector
        # is off while the catalog is made: what of them sits in cycles is collected first.
        memory.give_back(collect=True)
    read_faqs(catalog, store, memo)
    return catalog, chosen


def _retain(
    catalog: Catalog, settings: Settings, static: dict[str, bytes], listed: dict[str, float] | None = None
) -> retention.Plan:
    """The paper-page window that fits the budget (see render/retention.py), before any write
    (`listed`: the listing bytes of the days already measured)."""
    budget = settings.site_budget_mb * 1_000_000
    static_bytes = _static_bytes(static)
    listed, paged = retention.listing_bytes(catalog, listed), retention.PageBytes(catalog)
    fixed = retention.fixed_bytes(catalog, settings.feed_days, static_bytes, listed=listed)
    chosen = retention.plan(catalog, settings.paper_page_days, budget, fixed, listed, paged)
    if chosen.dropped or chosen.left_out or not chosen.fits:
        # Near the budget the quick feed estimate (a few times the real feeds) would drop page days
        # the site has room for: size the feeds as they will be written (about 1 s at 10k papers).
        shape = Shape.of(settings)
        planned = planned_feed_bytes(catalog, urls.Linker.from_base_url(shape.base_url), shape)
        fixed = retention.fixed_bytes(catalog, settings.feed_days, static_bytes, sum(planned.values()), listed)
        chosen = retention.plan(catalog, settings.paper_page_days, budget, fixed, listed, paged)
    if not chosen.fits:
        raise RenderError(
            f"the newest day's listings, the feeds and the static files alone would take about "
            f"{chosen.estimate / 1e6:.0f} MB, over the {settings.site_budget_mb} MB budget: nothing was written; "
            f"lower feed_days ({settings.feed_days}) or the number of categories"
        )
    if catalog.unread:  # the days load_catalog did not parse are left out too (retention.Horizon)
        left_out = chosen.left_out + tuple(reversed(catalog.unread))
        chosen = dataclasses.replace(chosen, left_out=left_out, site_days=chosen.site_days or len(catalog.dates))
    if chosen.dropped or chosen.left_out:
        log.warning("%s", chosen.summary())
        retention.restrict(catalog, chosen.page_days, chosen.site_days)
    return chosen


def _static_bytes(static: dict[str, bytes]) -> int:
    return sum(len(d) for d in static.values())


def _write_site(
    writer: SiteWriter,
    keys: Keyring,
    catalog: Catalog,
    env: jinja2.Environment,
    static: dict[str, bytes],
    build: str,
    job: search.SearchJob | None = None,
) -> WriteStats:
    writer.keyring = keys.base
    try:
        with memory.long_lived():
            for output in gather(keys, catalog, env, static, writer.site_dir):
                writer.add(output)
        return writer.write_all(build)
    except jinja2.TemplateError as err:
        _cancel(job)
        raise RenderError(f"template error: {err}") from err
    except BaseException:
        _cancel(job)
        raise


def _cancel(job: search.SearchJob | None) -> None:
    """No index for pages that failed: stop the shards not started (the next run builds them)."""
    if job is not None:
        job.cancel()
