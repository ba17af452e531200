"""Giving freed memory back to the system.

glibc keeps the memory a process frees for its own later use; the render forks its workers from
the parent, and a worker lives through many tasks, so memory either of them holds and no longer
needs counts in the build's peak until it is given back.
"""

from __future__ import annotations

import ctypes


def give_back() -> None:
    """Return freed memory to the system (glibc's malloc_trim); nothing where libc has none."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library this process already runs on
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to do
        return
    trim(0)
