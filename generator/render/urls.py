"""The site's URL layout: every output path and every link form comes from here.

Paths are site-relative. A directory page is named by its folder ("cs.AI/2026-06-24/"); templates
link to it as root + path + ix, where (root, ix) is ("../../", "index.html") for a relative build
(works from file://) and ("/repo/", "") when base_url is set (works under a Pages sub-path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.content.model import safe_id

# Category/archive codes become folder names, so only plain codes get pages (never "../x").
_PATH_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")

HOME = ""
DAYS_INDEX = "days/"
FEEDS_OPML = "feeds.opml"
STATIC = "static/"


def path_safe(code: str) -> bool:
    return bool(_PATH_SAFE.match(code)) and code not in ("arxiv", "days", "feeds", "static")


def day(date: str) -> str:
    return f"days/{date}/"


def listing(code: str, date: str | None = None) -> str:
    """A category or archive page: the latest day (date None) or one day."""
    return f"{code}/{date}/" if date else f"{code}/"


def page(path: str, number: int) -> str:
    """Page `number` of a paginated listing: page 1 is the listing itself, page n is "<listing>n/"."""
    return path if number == 1 else f"{path}{number}/"


def days_json(code: str | None) -> str:
    """The dates of a listing (or of the day pages, code None), for the next-day link."""
    return f"{code}/days.json" if code else "days/days.json"


def listing_days(code: str) -> str:
    return f"{code}/days/"


def paper(arxiv_id: str) -> str:
    return f"arxiv/{safe_id(arxiv_id)}/"


def faq_fragment(arxiv_id: str) -> str:
    return f"arxiv/{safe_id(arxiv_id)}/faq.html"


def feed(name: str) -> str:
    return f"feeds/{name}.atom"


def output_file(path: str) -> str:
    """File written for a link path: folders get their index.html."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def depth(path: str) -> int:
    """How many folders deep the file for this path sits (home = 0, cs.AI/2026-06-24/ = 2)."""
    return output_file(path).count("/")


@dataclass(frozen=True)
class Linker:
    """How pages link to each other, decided once from base_url."""

    base_url: str
    """Absolute site URL ending in "/", or "" for a relative build."""
    from_root: bool = False
    """A relative build's page that is served at any path (404.html): it links from the server's
    root ("/static/…"), where `digest serve` and a user or organisation Pages site serve the site."""

    @classmethod
    def from_base_url(cls, base_url: str) -> Linker:
        return cls(base_url.rstrip("/") + "/" if base_url else "")

    @property
    def relative(self) -> bool:
        return not self.base_url

    @property
    def ix(self) -> str:
        return "index.html" if self.relative else ""

    def root(self, from_path: str) -> str:
        """Prefix that turns a site path into a link from the page at from_path."""
        if self.relative:
            return "/" if self.from_root else "../" * depth(from_path)
        return urlsplit(self.base_url).path

    def href(self, from_path: str, target: str) -> str:
        suffix = self.ix if (target == "" or target.endswith("/")) else ""
        return self.root(from_path) + target + suffix

    def absolute(self, target: str) -> str | None:
        """Absolute URL of a site path, or None in a relative build."""
        return self.base_url + target if self.base_url else None
