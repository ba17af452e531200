"""Paper pages and their FAQ fragments (arxiv/<id>/, arxiv/<id>/faq.html), one per paper with a page.

Lazy like every page made of papers (see pages.py): the key is the digests of the days the paper was
announced on, its FAQ file's digest and the few site-wide facts its view reads; the context is built
in the worker that renders the page.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from generator.render import urls
from generator.render.keys import Output
from generator.render.pages import PageContext
from generator.render.views import View, faq_view


def paper_pages(pc: PageContext) -> Iterator[Output]:
    catalog = pc.catalog
    for pid in sorted(catalog.page_ids):
        seen = catalog.appearances[pid]
        has_faq = pid in catalog.faqs  # not catalog.faqs.get: that parses the FAQ (render/faqshelf.py)
        latest = catalog.latest_paper(pid)
        days = tuple((d, catalog.day_digests.get(d, "")) for d, _ in seen)
        faq_key = catalog.faq_digests[pid] if has_faq else None
        key = ("paper", pid, days, faq_key, pc.links(latest), pc.paper_feeds(latest))
        yield pc.lazy(urls.paper(pid), "paper.html", key, functools.partial(_paper_page_context, pc, pid))
        if has_faq:
            frag = urls.faq_fragment(pid)
            yield pc.lazy(frag, "faq_fragment.html", key, functools.partial(_faq_context, pc, pid, frag))


def _paper_context(pc: PageContext, pid: str) -> tuple[dict, View, dict | None]:
    if pc.last_paper and pc.last_paper[0] == pid:
        return pc.last_paper[1]
    result = _build_paper_context(pc, pid)
    pc.last_paper = (pid, result)
    return result


def _build_paper_context(pc: PageContext, pid: str) -> tuple[dict, View, dict | None]:
    catalog = pc.catalog
    seen = catalog.appearances[pid]
    latest = catalog.latest_paper(pid)
    view = pc.view(latest)
    faq = catalog.faqs.get(pid)
    fview = faq_view(faq, catalog.latest_version(pid), pc.shape) if faq else None
    for d, _ in seen:
        pc.day_parts(d)
    data = {
        "paper": view,
        "days": tuple(
            (d, pc.day_page.get((d, pid), urls.day(d)), p.version, p.announce_type) for d, p in reversed(seen)
        ),
        "faq": fview,
    }
    path = urls.paper(pid)
    return pc.common(path, view["title"], pc.paper_feeds(latest)) | data, view, fview


def _paper_page_context(pc: PageContext, pid: str) -> dict:
    return _paper_context(pc, pid)[0]


def _faq_context(pc: PageContext, pid: str, frag: str) -> dict:
    _, view, fview = _paper_context(pc, pid)
    return pc.common(frag, view["title"], ()) | {"faq": fview, "paper": view}
