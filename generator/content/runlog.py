"""The run log: one JSON record per `digest fetch` / `digest faq` run that changed content (or FAQ
run that failed), appended to content/runs/<YYYY-MM>.jsonl (schema: docs/content-schema.md).

It is published (the status page) so readers can see what each run did, what it cost and what
is missing and why. Quiet runs (nothing new, nothing wrong) are not recorded, so a quiet day still
makes no commit.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from generator.errors import ContentError

RUN_SCHEMA = 1
MAX_FAILURES = 50
"""Failed papers listed per record (their ids and one-line errors); the count is always exact."""


@dataclass(frozen=True)
class RunRecord:
    kind: str
    """"fetch" or "faq"."""
    started: str
    """UTC, ISO 8601 with a Z, to the second."""
    finished: str
    status: str
    """"ok" or "error" (the run exited non-zero)."""
    error: str = ""
    fetch: dict[str, Any] = field(default_factory=dict)
    """date, outcome, papers_by_type, requests, retries (see the schema)."""
    faq: dict[str, Any] = field(default_factory=dict)
    """done, cached, failed, left, fulltext, abstract_only, flagged, tokens, cost, failures..."""
    unreadable: tuple[str, ...] = ()
    """Content files this run skipped as unreadable."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["unreadable"] = list(self.unreadable)
        return {"schema": RUN_SCHEMA, **{k: v for k, v in data.items() if v not in ("", {}, [])}}

    @classmethod
    def from_dict(cls, d: Any, where: str = "run") -> RunRecord:
        if not isinstance(d, dict) or d.get("schema") != RUN_SCHEMA:
            raise ContentError(f"{where}: not a run record of schema {RUN_SCHEMA}")
        try:
            return cls(
                kind=str(d["kind"]),
                started=str(d["started"]),
                finished=str(d["finished"]),
                status=str(d["status"]),
                error=str(d.get("error", "")),
                fetch=dict(d.get("fetch", {})),
                faq=dict(d.get("faq", {})),
                unreadable=tuple(str(p) for p in d.get("unreadable", ())),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ContentError(f"{where}: bad run record ({err})") from None

    def line(self) -> bytes:
        return (json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
