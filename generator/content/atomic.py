"""Atomic, change-aware file writes shared by every stage (content/ and site/)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

# mkstemp creates 0600 files; published files should get the usual mode under the current umask.
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless the file already holds exactly these bytes.

    Returns True when the file was (re)written. Skipping identical writes keeps a quiet rerun a
    zero-byte git diff and lets incremental builds touch only what changed. The temp file lives in
    the target folder so the final rename never crosses file systems; a crash leaves either the old
    file or the new one, never half of one.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_chunks(path, (data,))
    return True


def write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write the chunks to `path` atomically (as write_bytes_if_changed), never holding them
    joined: a cache of megabytes is written without a second copy of itself in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except OSError as err:
        _discard(tmp)
        if err.filename is None:
            # A failed write (disk full, file too large) names no file: name the one we wrote.
            raise OSError(err.errno, err.strerror, str(path)) from None
        raise
    except BaseException:
        _discard(tmp)  # never leave temp files behind, even on Ctrl-C
        raise


def _discard(tmp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


def write_text_if_changed(path: Path, text: str) -> bool:
    """Text flavour of write_bytes_if_changed (UTF-8, newlines as given)."""
    return write_bytes_if_changed(path, text.encode("utf-8"))
