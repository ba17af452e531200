"""The one way to key a render output: every output of a build is declared through a `Keyring`.

An output's key is the digest of (1) the build-wide inputs every output shares: our code and data,
the versions of the libraries that shape bytes, the templates and static files, the settings that
shape the site (`Shape`) and SOURCE_DATE_EPOCH; and (2) the output's own inputs: its kind, its path
and what it reads (day-file digests, FAQs, which of its papers' categories have listings, its
template context). No output depends on the whole content, so a new day re-renders its own pages
and the few that list every day, not the site. Equal keys, equal bytes: the writer skips an output whose key matches
the manifest. Only `Keyring.output` makes an `Output`, and the writer refuses outputs made by
another keyring, so no page type can be keyed by hand and forget an input.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import __version__
from generator.config import FilterFeed, Settings

LIBRARIES = ("jinja2", "markupsafe", "feedgen", "lxml", "nh3")
"""Installed packages whose version can change our output bytes (templating, escaping, feed XML,
FAQ sanitising): part of every key, like our own code."""
PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""generator/: its code and data are part of every key (code_version)."""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(*parts: Any) -> str:
    """The digest of the parts' repr.

    repr is deterministic for the str/int/tuple/dict/dataclass data that outputs are made of, and
    objects shared by many pages (paper views) keep their repr short by printing their own digest.
    """
    return digest(repr(parts).encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class Shape:
    """The settings that shape the site's bytes, and only those. Render code below the stage reads
    settings through this alone, so a setting that is not here (LLM, fetch, budgets, how content/
    or site/ is spelled) can neither change a page nor re-render one."""

    base_url: str
    site_title: str
    repository_url: str
    arxiv_pdf_url: str
    feed_days: int
    feed_max_entries: int
    listing_page_size: int
    paper_page_days: int
    filter_feeds: tuple[FilterFeed, ...] = ()
    """Saved-filter feeds: their feeds, the OPML and the pages that autodiscover them."""

    @classmethod
    def of(cls, settings: Settings) -> Shape:
        return cls(**{f.name: getattr(settings, f.name) for f in dataclasses.fields(cls)})


@dataclass(frozen=True)
class Output:
    """One file of the site: where it goes, the key of its inputs and how to make its bytes."""

    path: str
    """File path relative to site/ (forward slashes)."""
    key: str
    produce: Callable[[], bytes]
    producer: str
    """Who claims this path (for the duplicate-producer error)."""
    keyring: str
    """The `Keyring.base` it was keyed with; the writer refuses any other."""
    release: Callable[[], None] | None = None
    """Drops what `produce` kept for the outputs rendered with it (the feeds' shared entries): the
    writer calls it once the batch of outputs it renders together is written."""


@dataclass(frozen=True)
class Keyring:
    code: str
    """code_version(): our code, package data and the LIBRARIES' versions."""
    assets: str
    """Digest of the templates and static files."""
    shape: Shape
    epoch: str = ""
    """SOURCE_DATE_EPOCH: the timestamp of a feed with no entries."""

    @classmethod
    def for_build(cls, settings: Settings, templates_dir: Path, static: dict[str, bytes]) -> Keyring:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        return cls(code_version(), assets_digest(templates_dir, static), Shape.of(settings), epoch)

    @functools.cached_property
    def base(self) -> str:
        """Asked for by every output: hashed once per keyring (a replaced keyring hashes its own)."""
        return fingerprint(self.code, self.assets, self.shape, self.epoch)

    def key(self, kind: str, path: str, inputs: Any) -> str:
        return fingerprint(self.base, kind, path, inputs)

    def build_key(self, content: str) -> str:
        """Key of a whole build, from the digest of all content: equal to the last build's, nothing to do."""
        return fingerprint(self.code, self.assets, self.shape, self.epoch, "build", content)

    def output(
        self, path: str, kind: str, inputs: Any, produce: Callable[[], bytes], release: Callable[[], None] | None = None
    ) -> Output:
        """The output at `path` whose bytes `produce` makes from `inputs` (and the build-wide inputs)."""
        return Output(path, self.key(kind, path, inputs), produce, kind, self.base, release)

    def static(self, path: str, data: bytes) -> Output:
        return Output(path, self.key("static", path, digest(data)), lambda: data, "static files", self.base)


def code_version(package_dir: Path = PACKAGE_DIR, libraries: tuple[str, ...] = LIBRARIES) -> str:
    """Digest of our code, our package data (the taxonomy names pages show) and the installed
    versions of `libraries`: any change re-renders every page, with no version to bump by hand."""
    files = sorted(package_dir.rglob("*.py")) + sorted(package_dir.glob("data/*"))
    versions = "/".join(f"{name}=={_installed(name)}" for name in libraries)
    return digest(f"{__version__}/{versions}\0".encode() + b"".join(p.read_bytes() for p in files))


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


def assets_digest(templates_dir: Path, static: dict[str, bytes]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(templates_dir.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(templates_dir)).encode() + b"\0" + path.read_bytes())
    for name, data in static.items():
        h.update(name.encode() + b"\0" + data)
    return h.hexdigest()
