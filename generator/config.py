"""Settings: defaults < [tool.digest] in pyproject.toml (or digest.toml) < DIGEST_* environment < CLI flags.

Every field of Settings is one configuration key; its environment variable is DIGEST_<KEY>.
Secrets (the LLM API key) come from the environment only and are refused in files.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content import taxonomy
from generator.errors import ConfigError

SECRET_KEYS = frozenset({"llm_api_key"})


@dataclass(frozen=True)
class FilterFeed:
    """A saved filter with its own Atom feed (`[tool.digest.filter_feeds.<name>]`, see
    generator/render/filterfeeds.py for how a paper matches)."""

    name: str
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    # --- what to fetch ---------------------------------------------------------------------
    categories: tuple[str, ...] = ("cs.AI", "cs.CL", "cs.CV", "cs.LG")
    """Categories or whole archives (`cs` = every cs.* category) of the digest."""
    contact: str = ""
    """E-mail put in the User-Agent, as arXiv asks of automated clients."""
    # --- where things live -----------------------------------------------------------------
    content_dir: Path = Path("content")
    site_dir: Path = Path("site")
    # --- arXiv endpoints and etiquette -----------------------------------------------------
    arxiv_rss_url: str = "https://rss.arxiv.org/rss/"
    arxiv_api_url: str = "https://export.arxiv.org/api/query"
    arxiv_pdf_url: str = "https://arxiv.org/pdf/"
    request_delay: float = 3.0
    """Seconds between two requests to arXiv: its terms ask for one every 3 s, one connection."""
    http_timeout: float = 30.0
    http_attempts: int = 5
    """Tries per request (first try included) on timeouts, connection errors, 429 and 5xx."""
    retry_backoff: float = 4.0
    """Base of the exponential backoff between retries, in seconds (jitter is added)."""
    retry_after_max: float = 300.0
    """Longest Retry-After we honour; a longer one fails the request instead of hanging the job."""
    api_batch_size: int = 100
    """Ids per arXiv API request when enriching a listing (arXiv suggests about 100)."""
    feed_cap: int = 2000
    """rss.arxiv.org returns at most this many items; a reply this large is split and re-fetched."""
    # --- site --------------------------------------------------------------------------------
    base_url: str = ""
    """Absolute URL the site is served from (https://user.github.io/repo/); empty = relative links."""
    site_title: str = "arXiv Daily Digest"
    repository_url: str = ""
    """The site's GitHub repository; enables the FAQ "report a problem" link."""
    feed_days: int = 7
    feed_max_entries: int = 2000
    """Newest entries kept per Atom feed (the all-papers feed of a busy week is otherwise huge)."""
    templates_dir: Path = Path("templates")
    """Jinja templates; when this folder does not exist, the templates next to the package are used."""
    filter_feeds: tuple[FilterFeed, ...] = ()
    """Saved-filter Atom feeds, one per `[tool.digest.filter_feeds.<name>]` table (in the
    environment: DIGEST_FILTER_FEEDS as a JSON object of the same tables)."""
    listing_page_size: int = 300
    """Most papers on one listing page; a larger day is split into pages (`<listing>/2/`, …) so a
    page stays within the reader's weight budget (500 papers ≈ 360 KB gzip) at full-arXiv volume."""
    paper_page_days: int = 60
    """Announcement days that keep their own paper pages; older days link papers to arXiv."""
    site_budget_mb: int = 800
    shrink_limit: float = 0.5
    """A render that would remove more than this share of the existing paper pages stops (a
    mistyped content folder must not publish an empty site) unless given --allow-shrink."""
    site_max_files: int = 200_000
    # --- LLM FAQ -----------------------------------------------------------------------------
    llm_base_url: str = ""
    llm_api_key: str = field(default="", repr=False)
    llm_model: str = ""
    llm_concurrency: int = 4
    llm_temperature: float = 0.3
    llm_max_tokens: int = 2048
    llm_timeout: float = 120.0
    llm_context_chars: int = 24_000
    """Budget of paper text sent to the model, in characters (about 4 per token)."""
    faq_language: str = "en"
    faq_max_papers: int = 0
    """Stop a run after this many new FAQs (0 = no limit)."""
    faq_max_tokens: int = 0
    """Stop a run once this many tokens (in + out) were spent (0 = no limit)."""
    faq_time_budget: float = 0.0
    """Stop queuing new papers after this many seconds (0 = no limit); the daily workflow sets it
    well under its job timeout so the FAQs made so far are always committed."""
    llm_price_in: float = 0.0
    """Price per million input tokens, for the cost estimate (0 = unknown)."""
    llm_price_out: float = 0.0
    pdf_delay: float = 3.0
    """Seconds between two PDF downloads (arXiv counts them with the API)."""

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in dataclasses.fields(Settings)}[name]
    if kind == "tuple[FilterFeed, ...]":
        return filter_feeds(value)
    try:
        if kind == "tuple[str, ...]":
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(s.strip() for s in items if s.strip())
        if kind == "Path":
            return Path(value)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        return str(value)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"setting {name}: cannot use {value!r} ({err})") from None


_FILTER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_FILTER_KEYS = ("keywords", "exclude", "categories", "authors")


def filter_feeds(value: Any) -> tuple[FilterFeed, ...]:
    """The filter_feeds tables ({name: {keywords: [...], ...}}, or that as a JSON string), checked;
    already parsed filters pass. A bad filter is one ConfigError naming it."""
    if isinstance(value, tuple) and all(isinstance(f, FilterFeed) for f in value):
        return value
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as err:
            raise ConfigError(f"setting filter_feeds: not a JSON object ({err})") from None
    if not isinstance(value, Mapping):
        raise ConfigError("setting filter_feeds: must be a table of filters ([tool.digest.filter_feeds.<name>])")
    return tuple(_filter_feed(str(name), spec) for name, spec in sorted(value.items()))


def _filter_feed(name: str, spec: Any) -> FilterFeed:
    where = f"filter feed {name!r}"
    if not _FILTER_NAME.match(name):
        raise ConfigError(f"{where}: a name is letters, digits, '-' and '_' (it names the feed's file)")
    if not isinstance(spec, Mapping):
        raise ConfigError(f"{where}: must be a table of {', '.join(_FILTER_KEYS)}")
    unknown = sorted(set(spec) - set(_FILTER_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(_FILTER_KEYS)})")
    lists = {}
    for key in _FILTER_KEYS:
        items = spec.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ConfigError(f"{where}: {key} must be a list of strings")
        lists[key] = tuple(dict.fromkeys(i.strip() for i in items if i.strip()))
    if not (lists["keywords"] or lists["categories"] or lists["authors"]):
        raise ConfigError(f"{where}: give keywords, categories or authors (it would match every paper)")
    try:
        lists["categories"] = tuple(taxonomy.load().validate(list(lists["categories"])))
    except ConfigError as err:
        raise ConfigError(f"{where}: {err}") from None
    return FilterFeed(name, **lists)


def _build(values: Mapping[str, Any]) -> Settings:
    coerced = {k: _coerce(k, v) for k, v in values.items()}
    cats = taxonomy.load().validate(list(coerced.get("categories", Settings.categories)))
    if not cats:
        raise ConfigError("no categories configured")
    coerced["categories"] = tuple(cats)
    if coerced.get("faq_language", "en") not in ("en", "zh"):
        raise ConfigError(f"faq_language must be 'en' or 'zh', not {coerced['faq_language']!r}")
    return Settings(**coerced)


def read_config_file(path: Path) -> dict[str, Any]:
    """The [tool.digest] table of a pyproject.toml (or of any file that has one, whatever its name:
    `--config fork-pyproject.toml`), else the top level (digest.toml)."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read config {path}: {err}") from None
    tool = data.get("tool")
    pyproject = path.name == "pyproject.toml" or (isinstance(tool, dict) and "digest" in tool)
    table = data.get("tool", {}).get("digest", {}) if pyproject else data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.digest] must be a table of settings")
    known = {f.name for f in dataclasses.fields(Settings)}
    for key in table:
        if key in SECRET_KEYS:
            raise ConfigError(f"{path}: {key} must come from the environment, never from a file")
        if key not in known:
            raise ConfigError(f"{path}: unknown setting {key!r}")
    return dict(table)


def find_config_file(start: Path) -> Path | None:
    for name in ("digest.toml", "pyproject.toml"):
        candidate = start / name
        if candidate.is_file():
            return candidate
    return None


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values = {}
    for f in dataclasses.fields(Settings):
        raw = env.get(f"DIGEST_{f.name.upper()}")
        if raw not in (None, ""):
            values[f.name] = raw
    # OpenAI's own variables are used only when ours are unset: never send an OPENAI_API_KEY to a
    # DIGEST_LLM_BASE_URL that may be another provider's (or someone else's) server.
    if "llm_base_url" not in values and "llm_api_key" not in values and env.get("OPENAI_API_KEY"):
        values["llm_api_key"] = env["OPENAI_API_KEY"]
        values["llm_base_url"] = env.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
    return values


def load_settings(
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Settings from the config file (found in the working directory if not given), env, overrides."""
    env = os.environ if env is None else env
    path = config_file or find_config_file(Path.cwd())
    values: dict[str, Any] = read_config_file(path) if path else {}
    values.update(_from_env(env))
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return _build(values)
