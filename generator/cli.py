"""Command line: `digest fetch|check|faq|render|serve|build`. The only place errors become exit codes.

Exit status: 0 on success (including "nothing new"), 1 on a reported error, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from generator import __version__
from generator.config import Settings, load_settings
from generator.errors import ConfigError, DigestError

log = logging.getLogger("generator")


def _date(value: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", type=Path, metavar="DIR", help="content folder (default: content)")
    common.add_argument("--config", type=Path, metavar="FILE", help="digest.toml or pyproject.toml")
    common.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    common.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")

    parser = argparse.ArgumentParser(prog="digest", description="A daily arXiv digest as a static site.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("fetch", parents=[common], help="fetch the latest announcement into content/")
    p.add_argument("--date", type=_date, help="expected announcement date (YYYY-MM-DD)")
    p.add_argument("--categories", help="comma-separated categories or archives, e.g. cs.AI,cs.CL,math")

    sub.add_parser("check", parents=[common], help="validate every file in content/")

    p = sub.add_parser("faq", parents=[common], help="precompute missing LLM FAQs")
    p.add_argument("--date", type=_date, help="only papers of this announcement day")
    p.add_argument("--limit", type=int, help="at most this many new FAQs in this run")

    p = sub.add_parser("render", parents=[common], help="render content/ into the static site")
    p.add_argument("--site", type=Path, metavar="DIR", help="output folder (default: site)")
    p.add_argument("--base-url", help="absolute URL the site is served from")

    p = sub.add_parser("serve", parents=[common], help="preview site/ on 127.0.0.1")
    p.add_argument("--site", type=Path, metavar="DIR", help="folder to serve (default: site)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")

    p = sub.add_parser("build", parents=[common], help="fetch, then faq, then render")
    p.add_argument("--site", type=Path, metavar="DIR", help="output folder (default: site)")
    p.add_argument("--date", type=_date, help="expected announcement date (YYYY-MM-DD)")
    p.add_argument("--no-fetch", action="store_true", help="skip fetching (rebuild from content/)")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        "content_dir": getattr(args, "content", None),
        "site_dir": getattr(args, "site", None),
        "categories": getattr(args, "categories", None),
        "base_url": getattr(args, "base_url", None),
    }
    return load_settings(config_file=args.config, overrides=overrides)


def cmd_fetch(args: argparse.Namespace, settings: Settings) -> None:
    from generator.fetch.stage import fetch_latest

    print(fetch_latest(settings, expected_date=args.date).summary())


def cmd_check(args: argparse.Namespace, settings: Settings) -> None:
    from generator.content.store import ContentStore

    count, problems = ContentStore(settings.content_dir).check()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise DigestError(f"{len(problems)} of {count} content files are invalid")
    print(f"content OK: {count} files in {settings.content_dir}")


def cmd_faq(args: argparse.Namespace, settings: Settings) -> None:
    from generator.faq.stage import run_faq

    print(run_faq(settings, date=args.date, limit=args.limit).summary())


def cmd_render(args: argparse.Namespace, settings: Settings) -> None:
    from generator.render.stage import render_site

    print(render_site(settings).summary())


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    from generator.render.serve import serve

    serve(settings.site_dir, port=args.port)


def cmd_build(args: argparse.Namespace, settings: Settings) -> None:
    if not args.no_fetch:
        cmd_fetch(args, settings)
    cmd_faq(argparse.Namespace(date=None, limit=None), settings)
    cmd_render(args, settings)


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], None]] = {
    "fetch": cmd_fetch,
    "check": cmd_check,
    "faq": cmd_faq,
    "render": cmd_render,
    "serve": cmd_serve,
    "build": cmd_build,
}


def _setup_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not args.verbose:
        # Third-party chatter (urllib3 connection lines, arxiv's page logs) only in -v mode.
        for name in ("urllib3", "arxiv"):
            logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _setup_logging(args)
    try:
        settings = _settings(args)
        COMMANDS[args.command](args, settings)
    except ConfigError as err:
        print(f"digest: error: {err}", file=sys.stderr)
        return 2
    except DigestError as err:
        print(f"digest: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("digest: interrupted; finished work was kept", file=sys.stderr)
        return 130
    return 0
