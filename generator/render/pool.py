"""Renders a writer's changed outputs in forked worker processes, one share of the pages each.

Jinja rendering is pure Python, so threads cannot use a second core; forked workers inherit the
content catalog and the gathered (lazy) outputs without pickling them, build the contexts of the pages
they render, write the files themselves and send back only small manifest rows.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from typing import Any

from generator.errors import RenderError

Task = list[tuple[str, str, "str | None"]]
"""(path, key, old content digest) of each output to render."""
RenderBatch = Callable[[Any, Task], list[tuple]]
"""The writer's own batch renderer, passed in so this module never imports the writer."""

_CHUNK = 32
"""Most outputs per task; small tasks, handed out as workers free up, keep the two cores busy."""
_RECYCLE = 16
"""Tasks a worker renders before it exits and a fresh fork takes its place. Every page a worker
reads copies the catalog's memory pages it touches (reference counts are writes), so a worker that
lived through the whole render held a private copy of most of the catalog: at 30k papers the
render's peak was 1,242 MB (two workers of ≈ 400 MB beside a 300 MB parent). A fresh fork shares
them again: 983 MB, at no measurable cost in time (a fork of the parent takes milliseconds)."""
_STATE: dict = {}
"""The job of the current parallel render, read by the forked workers (set only around the fork)."""


def locality(row: tuple) -> tuple[str, str]:
    """Pages of one day sit together ("cs.AI/<date>/", "days/<date>/"), so one worker renders them
    all and reuses each paper's listing entry (see fragments)."""
    parts = row[0].split("/")
    return (parts[1] if len(parts) > 2 else "", row[0])


def _work(task: Task) -> list[tuple]:
    try:
        return _STATE["render"](_STATE["writer"], task)
    except RenderError as err:  # already names its output; exceptions with causes may not pickle
        raise RenderError(str(err)) from None
    except Exception as err:  # noqa: BLE001 - the worker's traceback cannot cross the process boundary
        rel = task[0][0] if task else "?"
        raise RenderError(f"rendering {len(task)} outputs from {rel}: {type(err).__name__}: {err}") from None


def render_parallel(writer: Any, todo: Task, workers: int, render: RenderBatch) -> list[tuple]:
    """`render(writer, task)` over `todo` in forked workers (in-process where fork is missing)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return render(writer, todo)
    ordered = sorted(todo, key=locality)
    # Feeds cost as much as hundreds of pages and share their entries (built once per worker): one
    # task holding all of them, handed out first, while the other workers render pages.
    feeds = [row for row in ordered if row[0].endswith(".atom")]
    pages = [row for row in ordered if not row[0].endswith(".atom")]
    size = max(1, min(_CHUNK, -(-len(pages) // (workers * 4))))
    tasks = ([feeds] if feeds else []) + [pages[i : i + size] for i in range(0, len(pages), size)]
    _STATE["writer"] = writer
    _STATE["render"] = render
    # The workers' garbage collector would write to every inherited object's header and so copy
    # every page of the catalog into each worker: frozen objects are never traversed.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=_RECYCLE) as pool:
            return [row for rows in pool.imap_unordered(_work, tasks) for row in rows]
    finally:
        gc.unfreeze()
        _STATE.clear()
