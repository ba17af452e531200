"""Command line: `digest fetch|check|faq|render|serve|build`. The only place errors become exit codes.

Exit status: 0 on success (including "nothing new"), 1 on a reported error (bad content, a failed
request, an FAQ run that made no progress, a lock held by another run, a file-system error), 2 on
bad usage or configuration, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from generator import __version__
from generator.config import Settings, load_settings
from generator.errors import ConfigError, ContentError, DigestError, RenderError

log = logging.getLogger("generator")

JOB_STARTED_ENV = "DIGEST_JOB_STARTED"
"""Epoch seconds when the whole job began (scripts/daily.sh sets it): the FAQ time budget counts
from then, so a slow fetch cannot push the FAQ step past the workflow's hard timeout."""
_SHRINK_MIN_PAGES = 20
"""Below this many existing paper pages the guard stays quiet (first days of a new site)."""


def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _bounded(kind: type, low: float, high: float | None = None) -> Callable[[str], float]:
    """An argparse type: a number of `kind` within [low, high], else a one-line usage error."""

    def parse(value: str):
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if number < low or (high is not None and number > high):
            span = f"{low:g}..{high:g}" if high is not None else f">= {low:g}"
            raise argparse.ArgumentTypeError(f"{value} is out of range ({span})")
        return number

    return parse


_VERBS = {
    "fetch": "Fetch the latest arXiv announcement into content/.",
    "check": "Validate every file in content/ against the schema.",
    "faq": "Precompute the missing LLM FAQs into content/faqs/.",
    "render": "Render content/ into the static site in site/.",
    "serve": "Preview site/ on 127.0.0.1.",
    "build": "Fetch, then precompute FAQs, then render.",
    "merge-day": "Merge another version of a day file into it, paper by paper.",
}


def _common() -> argparse.ArgumentParser:
    # SUPPRESS: a flag given after the verb sets the value, one before it is not overwritten.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--content", type=Path, metavar="DIR", help="content folder (default: content)")
    common.add_argument("--config", type=Path, metavar="FILE", help="digest.toml or pyproject.toml")
    common.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    common.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    common.add_argument(
        "--lock-wait", type=_bounded(float, 0), metavar="S", help="wait for another run's lock (default 30 s)"
    )
    return common


def _parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="digest", description="A daily arXiv digest as a static site.", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def verb(name: str) -> argparse.ArgumentParser:
        text = _VERBS[name]
        return sub.add_parser(name, parents=[common], help=text[0].lower() + text[1:-1], description=text)

    p = verb("fetch")
    p.add_argument("--date", type=_date, help="expected announcement date (YYYY-MM-DD)")
    p.add_argument("--categories", help="comma-separated categories or archives, e.g. cs.AI,cs.CL,math")
    verb("check")
    p = verb("faq")
    p.add_argument("--date", type=_date, help="only papers of this announcement day")
    p.add_argument("--limit", type=_bounded(int, 0), help="at most this many new FAQs in this run")
    p = verb("render")
    _render_flags(p)
    p = verb("serve")
    p.add_argument("--site", type=Path, metavar="DIR", help="folder to serve (default: site)")
    p.add_argument("--port", type=_bounded(int, 0, 65535), default=8000, help="port (default 8000)")
    p = verb("build")
    _render_flags(p)
    p.add_argument("--date", type=_date, help="expected announcement date (YYYY-MM-DD)")
    p.add_argument("--no-fetch", action="store_true", help="skip fetching (rebuild from content/)")
    p = verb("merge-day")
    p.add_argument("into", type=Path, metavar="DAY_FILE", help="the day file to update (content/days/<date>.json)")
    p.add_argument("other", type=Path, metavar="OTHER_FILE", help="another version of the same day")
    return parser


def _render_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, metavar="DIR", help="output folder (default: site)")
    p.add_argument("--base-url", help="absolute URL the site is served from")
    p.add_argument(
        "--allow-shrink",
        action="store_true",
        help="render even when more than shrink_limit (default 50%%) of the existing paper pages would go",
    )


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        "content_dir": getattr(args, "content", None),
        "site_dir": getattr(args, "site", None),
        "categories": getattr(args, "categories", None),
        "base_url": getattr(args, "base_url", None),
    }
    return load_settings(config_file=getattr(args, "config", None), overrides=overrides)


@contextlib.contextmanager
def _locked(args: argparse.Namespace, *folders: Path) -> Iterator[None]:
    """Hold the lock of each folder (content/, site/) for the whole command."""
    from generator.content.lock import folder_lock

    with contextlib.ExitStack() as stack:
        for folder in folders:
            stack.enter_context(folder_lock(folder, getattr(args, "lock_wait", 30.0)))
        yield


def _require_content(settings: Settings) -> None:
    if not settings.content_dir.is_dir():
        raise ContentError(f"{settings.content_dir}: no such content folder (check --content / DIGEST_CONTENT_DIR)")


def _job_started() -> float | None:
    raw = os.environ.get(JOB_STARTED_ENV, "")
    try:
        return float(raw) if raw else None
    except ValueError:
        raise ConfigError(f"{JOB_STARTED_ENV} must be epoch seconds, not {raw!r}") from None


def cmd_fetch(args: argparse.Namespace, settings: Settings, clock=None) -> None:
    from generator.fetch.stage import fetch_latest
    from generator.net.client import PoliteClient

    client = PoliteClient.for_arxiv(settings, clock=clock)
    with _run_log(settings, "fetch") as record:
        report = fetch_latest(settings, expected_date=getattr(args, "date", None), client=client)
        print(report.summary())
        if report.status == "written":
            record.update(date=report.date, outcome=report.status, requests=client.requests_made)
            record.update(retries=client.retries, papers_by_type=_types(settings, report.date))


def _types(settings: Settings, date: str | None) -> dict[str, int]:
    from collections import Counter

    from generator.content.store import ContentStore

    day = ContentStore(settings.content_dir).read_day(date) if date else None
    return dict(Counter(p.announce_type for p in day.papers)) if day else {}


@contextlib.contextmanager
def _run_log(settings: Settings, kind: str) -> Iterator[dict]:
    """Append a run-log record when the run changed content (the block fills the dict), or when
    an FAQ run failed."""
    from generator.content.runlog import RunRecord
    from generator.content.store import ContentStore

    started, status, error = _now(), "ok", ""
    part: dict = {}
    try:
        yield part
    except DigestError as err:
        status, error = "error", str(err)
        raise
    finally:
        store = ContentStore(settings.content_dir)
        # A failed fetch leaves content/ exactly as it was (its error is the job's red status);
        # a failed FAQ run is recorded, since daily.sh commits what it made before failing.
        if (part or (error and kind == "faq")) and store.root.is_dir():
            error = _redactor.redact(error) if _redactor else error
            unreadable = tuple(store.check()[1])
            record = RunRecord(kind, started, _now(), status, error, unreadable=unreadable, **{kind: part})
            store.append_run(record)


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def cmd_check(args: argparse.Namespace, settings: Settings) -> None:
    from generator.content.store import ContentStore

    _require_content(settings)
    count, problems = ContentStore(settings.content_dir).check()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise DigestError(f"{len(problems)} of {count} content files are invalid")
    print(f"content OK: {count} files in {settings.content_dir}")


def cmd_faq(args: argparse.Namespace, settings: Settings, clock=None) -> None:
    from generator.faq.stage import run_faq

    _require_content(settings)
    date, limit = getattr(args, "date", None), getattr(args, "limit", None)
    with _run_log(settings, "faq") as record:
        report = run_faq(settings, date=date, limit=limit, clock=clock, job_started=_job_started())
        print(report.summary())
        if report.done or report.failed or report.left or report.stopped:
            record.update(report.to_record())
        if report.problem():
            raise DigestError(report.problem())


def cmd_render(args: argparse.Namespace, settings: Settings) -> None:
    from generator.render.stage import render_site

    _require_content(settings)
    if not getattr(args, "allow_shrink", False):
        _guard_shrink(settings)
    print(render_site(settings).summary())


def _paper_folders(folder: Path) -> int:
    """Paper pages in site/arxiv/, counted by their folders: one listing of the folder, where a
    glob for */index.html also looked each page up (0.9 s at 18,600 pages, every run)."""
    try:
        with os.scandir(folder) as entries:
            return sum(1 for entry in entries if entry.is_dir(follow_symlinks=False))
    except OSError:
        return 0


def _guard_shrink(settings: Settings) -> None:
    from generator.render.catalog import page_count

    existing = _paper_folders(Path(settings.site_dir) / "arxiv")
    if existing < _SHRINK_MIN_PAGES:
        return
    kept = page_count(settings)
    if kept < existing * (1 - settings.shrink_limit):
        raise RenderError(
            f"{settings.site_dir}: this render would leave {kept} of {existing} paper pages "
            f"(content from {settings.content_dir}); pass --allow-shrink if that is intended"
        )


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    from generator.render.serve import serve

    serve(settings.site_dir, port=args.port)


def cmd_build(args: argparse.Namespace, settings: Settings) -> None:
    from generator.net.deadline import PoliteClock

    # One politeness clock for the whole process: the first PDF waits for the last API call.
    clock = PoliteClock()
    if not args.no_fetch:
        cmd_fetch(args, settings, clock)
    cmd_faq(argparse.Namespace(), settings, clock)
    cmd_render(args, settings)


def cmd_merge_day(args: argparse.Namespace, settings: Settings) -> None:
    from generator.content.atomic import write_bytes_if_changed
    from generator.content.merge import merge_days
    from generator.content.model import Day
    from generator.content.store import dumps, load_json

    ours, theirs = (Day.from_dict(load_json(p), where=str(p)) for p in (args.other, args.into))
    merged = merge_days(ours, theirs)
    write_bytes_if_changed(args.into, dumps(merged.to_dict()))
    print(f"merged {args.other} into {args.into}: {len(merged.papers)} papers")


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], None]] = {
    "fetch": cmd_fetch,
    "check": cmd_check,
    "faq": cmd_faq,
    "render": cmd_render,
    "serve": cmd_serve,
    "build": cmd_build,
    "merge-day": cmd_merge_day,
}


def _folders(command: str, settings: Settings) -> tuple[Path, ...]:
    """The folders a command writes, each locked for its duration (check and serve only read)."""
    content, site = Path(settings.content_dir), Path(settings.site_dir)
    return {"fetch": (content,), "faq": (content,), "render": (site,), "build": (content, site)}.get(command, ())


def _setup_logging(args: argparse.Namespace) -> None:
    verbose, quiet = getattr(args, "verbose", False), getattr(args, "quiet", False)
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not verbose:
        # Third-party chatter (urllib3 connection lines, arxiv's page logs) only in -v mode.
        for name in ("urllib3", "arxiv"):
            logging.getLogger(name).setLevel(logging.WARNING)


def _os_message(err: OSError) -> str:
    """One line naming the path and the cause: 'site/x.html: Permission denied'."""
    paths = [str(p) for p in (err.filename, err.filename2) if p is not None]
    cause = err.strerror or str(err)
    return f"{' -> '.join(paths)}: {cause}" if paths else cause


_redactor = None
"""Masks the LLM key in the final error line, once the settings named it (see _run)."""


def _run(args: argparse.Namespace) -> None:
    global _redactor
    settings = _settings(args)
    if settings.llm_api_key:
        from generator.net.redact import Redactor, redact_logs

        _redactor = Redactor(settings.llm_api_key)
        redact_logs(_redactor)
    folders = _folders(args.command, settings)
    if args.command in ("faq", "render") or (args.command == "build" and args.no_fetch):
        _require_content(settings)  # before the lock, which would create a mistyped folder
    with _locked(args, *folders):
        if settings.content_dir in folders:
            _clean_temp(settings)
        COMMANDS[args.command](args, settings)


def _clean_temp(settings: Settings) -> None:
    from generator.content.store import ContentStore

    for path in ContentStore(settings.content_dir).clean_temp():
        log.warning("removed %s, left by an interrupted write", path)


def _fail(message: str, status: int) -> int:
    if _redactor is not None:
        message = _redactor.redact(message)
    print(f"digest: error: {message}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    _setup_logging(args)
    started = time.monotonic()
    try:
        _run(args)
    except ConfigError as err:
        return _fail(str(err), 2)
    except DigestError as err:
        return _fail(str(err), 1)
    except OSError as err:
        # Read-only folder, permission denied, disk full: the environment, not a bug.
        return _fail(_os_message(err), 1)
    except KeyboardInterrupt:
        print("digest: interrupted; finished work was kept", file=sys.stderr)
        return 130
    log.debug("done in %.1f s", time.monotonic() - started)
    return 0
