"""The one module that knows the on-disk layout of content/ and how its files are read and written.

    content/days/<YYYY-MM-DD>.json    one announcement day: the listing (written by fetch)
    content/faqs/<safe id>.json       the FAQ of one paper (written by faq only)
    content/runs/<YYYY-MM>.jsonl      the run log: one JSON record per line (fetch and faq runs)

JSON is stable (sorted keys, indented, UTF-8, trailing newline) and written atomically, and only
when its bytes change, so a quiet rerun is a zero-byte git diff. Schema: docs/content-schema.md.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.atomic import write_bytes_if_changed
from generator.content.model import Day, Faq, safe_id
from generator.content.runlog import RunRecord
from generator.errors import ContentError

log = logging.getLogger(__name__)

_DATE_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")


def dumps(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def load_json(path: Path, raw: bytes | None = None) -> Any:
    try:
        return json.loads(path.read_bytes() if raw is None else raw)
    except json.JSONDecodeError as err:
        raise ContentError(f"{path}: not valid JSON ({err})") from None
    except UnicodeDecodeError as err:
        raise ContentError(f"{path}: not UTF-8 ({err})") from None


def _run(path: Path, raw: bytes) -> RunRecord | None:
    try:
        return RunRecord.from_dict(json.loads(raw), where=str(path))
    except (ValueError, ContentError) as err:
        log.warning("%s: skipped a run record (%s)", path, err)
        return None


def _temp_files(folder: Path) -> list[Path]:
    # The pattern of atomic.write_bytes_if_changed's mkstemp: .<name>.<random>.tmp
    return sorted(folder.glob(".*.tmp")) if folder.is_dir() else []


@dataclass(frozen=True)
class ContentStore:
    """Reads are forgiving, writes are not: an unreadable day or FAQ (conflict markers, a bad hand
    edit) is logged, recorded in `unreadable` and skipped, so one bad old file is not an outage;
    writing over an unreadable day is refused, so the day being written is fatal."""

    root: Path
    unreadable: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Path -> one-line problem of each file skipped so far (for the run report)."""

    # --- days ----------------------------------------------------------------------------
    def day_path(self, date: str) -> Path:
        return self.root / self.day_name(date)

    def day_name(self, date: str) -> str:
        """The day file's path relative to the content root (posix), as the content key names it."""
        return f"days/{date}.json"

    def dates(self) -> list[str]:
        """Announcement dates present, oldest first."""
        folder = self.root / "days"
        if not folder.is_dir():
            return []
        return sorted(p.name[:-5] for p in folder.iterdir() if _DATE_FILE.match(p.name))

    def read_day(self, date: str) -> Day | None:
        found = self.read_day_bytes(date)
        return found[0] if found else None

    def read_day_bytes(self, date: str) -> tuple[Day, bytes] | None:
        """The day and the exact bytes it was parsed from (render keys pages by their digest);
        None when absent or unreadable (then logged and recorded)."""
        try:
            return self._read_day_strict(date)
        except ContentError as err:
            self._skip(self.day_path(date), err)
            return None

    def day_ids(self, date: str) -> list[str] | None:
        """The paper ids of a day, without building its papers (a cheap count); None when absent or
        not JSON (then logged and recorded, as read_day does)."""
        found = self.day_versions(date)
        return None if found is None else [pid for pid, _ in found]

    def day_versions(self, date: str) -> list[tuple[str, int]] | None:
        """(id, version) of each paper of a day, without building its papers; None when absent or
        not JSON (then logged and recorded, as read_day does). A paper without an int version
        counts as version 0."""
        path = self.day_path(date)
        try:
            data = load_json(path)
        except FileNotFoundError:
            return None
        except ContentError as err:
            self._skip(path, err)
            return None
        papers = data.get("papers") if isinstance(data, dict) else None
        if not isinstance(papers, list):
            return None
        return [
            (p["id"], p["version"] if type(p.get("version")) is int else 0)
            for p in papers
            if isinstance(p, dict) and isinstance(p.get("id"), str)
        ]

    def _skip(self, path: Path, err: ContentError) -> None:
        if str(path) not in self.unreadable:
            log.warning("%s; skipped (run `digest check`)", err)
        self.unreadable[str(path)] = str(err)

    def _read_day_strict(self, date: str) -> tuple[Day, bytes] | None:
        path = self.day_path(date)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        day = Day.from_dict(load_json(path, raw), where=str(path))
        if day.date != date:
            raise ContentError(f"{path}: holds date {day.date}, not {date}")
        return day, raw

    def write_day(self, day: Day) -> bool:
        """Write a day atomically; returns False when the file already held these bytes. Refuses
        to replace an unreadable file: whatever it held must be merged or removed by a person."""
        path = self.day_path(day.date)
        if path.exists():
            try:
                self._read_day_strict(day.date)
            except ContentError as err:
                raise ContentError(f"{err}; not overwriting it: fix or remove it, then run again") from None
        return write_bytes_if_changed(self.day_path(day.date), dumps(day.to_dict()))

    def iter_days(self) -> Iterator[Day]:
        for date in self.dates():
            day = self.read_day(date)
            if day is not None:
                yield day

    # --- FAQs ------------------------------------------------------------------------------
    def faq_path(self, arxiv_id: str) -> Path:
        return self.root / self.faq_name(arxiv_id)

    def faq_name(self, arxiv_id: str) -> str:
        """The FAQ file's path relative to the content root (posix), as the content key names it."""
        return f"faqs/{safe_id(arxiv_id)}.json"

    def read_faq_bytes(self, arxiv_id: str) -> tuple[Faq, bytes] | None:
        """The FAQ and the exact bytes it was parsed from (render keys pages by their digest); None
        when absent, or unreadable or holding another paper's FAQ (then logged and recorded)."""
        path = self.faq_path(arxiv_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            faq = Faq.from_dict(load_json(path, raw), where=str(path))
            if faq.id != arxiv_id:
                raise ContentError(f"{path}: holds the FAQ of {faq.id}, not {arxiv_id}")
        except ContentError as err:
            self._skip(path, err)
            return None
        return faq, raw

    def read_faq(self, arxiv_id: str) -> Faq | None:
        path = self.faq_path(arxiv_id)
        if not path.exists():
            return None
        faq = Faq.from_dict(load_json(path), where=str(path))
        if faq.id != arxiv_id:
            raise ContentError(f"{path}: holds the FAQ of {faq.id}, not {arxiv_id}")
        return faq

    def write_faq(self, faq: Faq) -> bool:
        return write_bytes_if_changed(self.faq_path(faq.id), dumps(faq.to_dict()))

    def faq_sizes(self, ids: Collection[str]) -> dict[str, int]:
        """Paper id -> bytes of its FAQ file, for those of `ids` that have one (no file is read)."""
        folder = self.root / "faqs"
        by_name = {f"{safe_id(i)}.json": i for i in ids}
        sizes = {}
        with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
            for entry in entries:
                pid = by_name.get(entry.name)
                if pid is not None and entry.is_file():
                    sizes[pid] = entry.stat().st_size
        return sizes

    # --- run log -----------------------------------------------------------------------------
    def append_run(self, record: RunRecord) -> Path:
        """Append one record to its month's file (rewritten atomically: never half a line)."""
        path = self.root / "runs" / f"{record.started[:7]}.jsonl"
        try:
            old = path.read_bytes()
        except FileNotFoundError:
            old = b""
        write_bytes_if_changed(path, old + record.line())
        return path

    def recent_runs(self, limit: int) -> list[RunRecord]:
        """The last `limit` records, newest last; unreadable lines are skipped."""
        folder = self.root / "runs"
        records: list[RunRecord] = []
        for path in sorted(folder.glob("*.jsonl"), reverse=True) if folder.is_dir() else []:
            lines = path.read_bytes().splitlines()
            records = [r for r in (_run(path, raw) for raw in lines) if r is not None] + records
            if len(records) >= limit:
                break
        return records[-limit:]

    # --- housekeeping ----------------------------------------------------------------------
    def clean_temp(self) -> list[Path]:
        """Remove the temp files a killed write left behind (call only while holding the lock)."""
        folders = (self.root, self.root / "days", self.root / "faqs", self.root / "runs")
        found = [p for folder in folders for p in _temp_files(folder)]
        for path in found:
            path.unlink(missing_ok=True)
        return found

    # --- validation ------------------------------------------------------------------------
    def check(self) -> tuple[int, list[str]]:
        """Validate every content file; returns (files checked, one-line problems)."""
        problems: list[str] = []
        count = 0
        for date in self.dates():
            count += 1
            try:
                self._read_day_strict(date)
            except ContentError as err:
                problems.append(str(err))
        folder = self.root / "faqs"
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            count += 1
            try:
                Faq.from_dict(load_json(path), where=str(path))
            except ContentError as err:
                problems.append(str(err))
        return count, problems
