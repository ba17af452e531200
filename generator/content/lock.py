"""One writer at a time per folder: an exclusive advisory lock on a dotfile beside content/ or site/.

Two `digest faq` at once would pay for every FAQ twice, two fetches would double arXiv's load and
two renders would swap search bundles under each other. A second run waits up to `wait` seconds
for the first to finish, then gives up with a one-line error naming the folder. The lock file
sits next to the folder (`.content.digest-lock`), so taking it neither creates the folder (a failed
first fetch writes nothing) nor adds a file to the published site.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from generator.errors import DigestError

LOCK_SUFFIX = ".digest-lock"
"""Ending of the lock files (ignored by git)."""
_POLL_S = 0.1


class LockBusy(DigestError):
    """Another digest process holds the folder's lock for longer than we agreed to wait."""


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float) -> Iterator[None]:
    """Hold the exclusive lock of `folder` for the duration of the block."""
    path = lock_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, folder, wait)  # the file stays empty and untouched: no churn in content/
        yield
    finally:
        os.close(fd)  # closing releases the lock, also when the process is killed


def lock_path(folder: Path) -> Path:
    """`.<name>.digest-lock` beside the folder; resolved, so `content` and `./content` share one."""
    folder = Path(folder).resolve()
    return folder.parent / f".{folder.name}{LOCK_SUFFIX}"


def _acquire(fd: int, folder: Path, wait: float) -> None:
    give_up = time.monotonic() + max(0.0, wait)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= give_up:
                raise LockBusy(
                    f"{folder}: another digest run is using this folder (lock {lock_path(folder)}, "
                    f"waited {wait:g} s); try again when it has finished"
                ) from None
            time.sleep(_POLL_S)
