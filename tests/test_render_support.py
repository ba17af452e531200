"""Content builders and site crawlers shared by the render tests (no tests here, no network)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from generator.config import Settings
from generator.content.model import Author, Day, Faq, FaqItem, Paper
from generator.content.store import ContentStore

HOSTILE_TITLE = 'Evil </title><script>alert(1)</script> "onmouseover=alert(2) $x<y$'
HOSTILE_ABSTRACT = 'Abstract <script>alert(3)</script> "onmouseover=alert(4) & more\x0c text $a<b$.'
HOSTILE_AUTHOR = '<script>alert(5)</script> "onmouseover=alert(6)'


def paper(pid: str, cats=("cs.AI",), kind="new", version=1, **kw) -> Paper:
    fields = dict(
        id=pid,
        version=version,
        title=f"Title of {pid} with $\\alpha$",
        authors=(Author("Ada Lovelace"), Author("Émile Borel")),
        abstract=f"First paragraph of {pid}.\n\nSecond paragraph.",
        categories=tuple(cats),
        announce_type=kind,
        updated=None,
    )
    fields.update(kw)
    return Paper(**fields)


def day(date: str, papers, categories=("cs.AI", "cs.CL")) -> Day:
    return Day(date=date, categories=tuple(categories), papers=tuple(papers))


def faq(pid: str, version=1, **kw) -> Faq:
    fields = dict(
        id=pid,
        version=version,
        prompt_version="p3",
        model="test-model",
        language="en",
        input_kind="fulltext",
        generated_at="2026-06-25T10:00:00Z",
        items=(FaqItem("What?", "This."),),
        html="<h3>What?</h3><p>This &amp; that.</p>",
    )
    fields.update(kw)
    return Faq(**fields)


def make_content(root: Path, days, faqs=()) -> ContentStore:
    store = ContentStore(root)
    for d in days:
        store.write_day(d)
    for f in faqs:
        store.write_faq(f)
    return store


def settings_for(tmp: Path, **kw) -> Settings:
    base = Settings(content_dir=tmp / "content", site_dir=tmp / "site", categories=("cs.AI", "cs.CL"))
    return dataclasses.replace(base, **kw)


def sample_days():
    d1 = day(
        "2026-06-22",
        [
            paper("2606.00001", ("cs.AI", "cs.LG")),
            paper("2606.00002", ("cs.CL", "cs.AI")),
        ],
    )
    d2 = day(
        "2026-06-23",
        [
            paper("2606.00003", ("cs.AI",), doi="10.1000/a 10.1000/b"),
            paper("2606.00004", ("math.IT", "cs.AI")),
            paper("2606.00001", ("cs.AI", "cs.LG"), kind="replace", version=2),
        ],
    )
    return [d1, d2]


def site_files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def html_links(data: bytes) -> list[str]:
    doc = lxml.html.fromstring(data)
    return [v for v in doc.xpath("//a/@href | //link/@href | //script/@src | //img/@src") if v]


def broken_file_links(site: Path) -> list[str]:
    """Crawl a relative build as files: every internal link of every HTML page must exist. 404.html is
    served at any missing path, so it links from the server's root (its links resolve from site/)."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        served_anywhere = page == site / "404.html"
        for href in html_links(page.read_bytes()):
            parts = urlsplit(href)
            if parts.scheme or href.startswith("#") or (href.startswith("/") and not served_anywhere):
                if href.startswith("/"):
                    broken.append(f"{page}: root-absolute link {href}")
                continue
            if served_anywhere and not href.startswith("/"):
                broken.append(f"{page}: relative link {href} (the page is served below any missing path)")
                continue
            base = site if served_anywhere else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
    return broken


def crawl_http(get, start: str, internal_prefix: str, absolute_base: str) -> tuple[int, list[str]]:
    """Breadth-first crawl through HTML pages; get(url) -> (status, content_type, bytes)."""
    seen, queue, broken = {start}, [start], []
    while queue:
        url = queue.pop()
        status, ctype, body = get(url)
        if status != 200:
            broken.append(f"{url}: {status}")
            continue
        if "html" not in ctype:
            continue
        for href in html_links(body):
            if href.startswith(absolute_base):
                href = internal_prefix + href[len(absolute_base) :]
            full = urljoin(url, href)
            parts = urlsplit(full)
            if parts.scheme or not parts.path.startswith(internal_prefix):
                if not parts.scheme:
                    broken.append(f"{url} -> {href} (outside {internal_prefix})")
                continue
            target = parts.path
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return len(seen), broken


def build_then_add_day(tmp_path: Path, days, before_new_day=None, **kw) -> tuple[Path, Path]:
    """All but the last of `days` built, then the last added and built again (after
    `before_new_day(site_dir)`, if given); and a fresh build of all of them. (site, fresh site)."""
    from generator.render.stage import render_site

    settings = settings_for(tmp_path, **kw)
    store = make_content(tmp_path / "content", days[:-1])
    render_site(settings, with_search=False)
    if before_new_day is not None:
        before_new_day(settings.site_dir)
    store.write_day(days[-1])
    render_site(settings, with_search=False)
    fresh = settings_for(tmp_path, site_dir=tmp_path / "fresh", **kw)
    render_site(fresh, with_search=False)
    return settings.site_dir, fresh.site_dir
