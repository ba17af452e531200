"""HTTP validators (ETag, Last-Modified) of the listing feed, kept beside the content.

A rerun on the same day sends them back (If-None-Match / If-Modified-Since) so arXiv can answer
304 Not Modified instead of the whole feed. They live in content/fetch-validators.json, keyed by
the listing URL (so another category set asks unconditionally), with the date of the day that
reply produced: a 304 only counts when that day is still stored. The file is written only after
the day is, so a crash in between costs one full download, never a missed day.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.content.atomic import write_bytes_if_changed
from generator.errors import ContentError

FILE_NAME = "fetch-validators.json"


@dataclass(frozen=True)
class Validator:
    date: str
    """The announcement day the validated reply was stored as."""
    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def from_response(headers, date: str) -> Validator | None:
    """The validator of a 200 reply, or None when the server sent neither header."""
    etag, modified = headers.get("ETag"), headers.get("Last-Modified")
    return Validator(date, etag, modified) if etag or modified else None


def load(content_dir: Path) -> dict[str, Validator]:
    path = content_dir / FILE_NAME
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_bytes())
        return {url: Validator(**fields) for url, fields in raw.items()}
    except (ValueError, TypeError, AttributeError) as err:
        raise ContentError(f"{path}: not a validators file ({err}); delete it to fetch unconditionally") from None


def save(content_dir: Path, url: str, validator: Validator | None) -> None:
    """Record (or, with None, forget) the validator of one listing URL."""
    found = load(content_dir)
    if validator is None and url not in found:
        return
    if validator is None:
        del found[url]
    else:
        found[url] = validator
    data = {u: asdict(v) for u, v in sorted(found.items())}
    write_bytes_if_changed(content_dir / FILE_NAME, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())
