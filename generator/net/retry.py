"""The one retry policy of every HTTP client here (arXiv, PDFs, LLM): explicit stop, wait, retry.

Only `Transient` failures are retried (timeouts, dropped connections, 429, 5xx); the wait is the
server's Retry-After when it gives one, else exponential backoff with full jitter.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time

from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Transient(Exception):
    """A failure worth retrying; carries the wait the server asked for (Retry-After), if any."""

    def __init__(
        self, message: str, url: str | None = None, status: int | None = None, retry_after: float | None = None
    ):
        super().__init__(message)
        self.url = url
        self.status = status
        self.retry_after = retry_after


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def retrying(attempts: int, backoff: float) -> Retrying:
    """A tenacity controller: up to `attempts` tries of a call that raises Transient to retry."""

    def wait(state: RetryCallState) -> float:
        err = state.outcome.exception() if state.outcome else None
        if isinstance(err, Transient) and err.retry_after is not None:
            return err.retry_after
        base = backoff * 2 ** (state.attempt_number - 1)
        return base + random.uniform(0, base)

    def before_sleep(state: RetryCallState) -> None:
        err = state.outcome.exception() if state.outcome else None
        pause = state.next_action.sleep if state.next_action else 0
        log.warning("%s; retrying in %.1f s (attempt %d)", err, pause, state.attempt_number + 1)

    return Retrying(
        stop=stop_after_attempt(max(1, attempts)),
        wait=wait,
        retry=retry_if_exception_type(Transient),
        reraise=True,
        before_sleep=before_sleep,
    )
