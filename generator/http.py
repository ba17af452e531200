"""The one polite HTTP client for arXiv (listing feeds, API, PDFs): spaced, identified, retried once.

arXiv's terms ask for at most one request every three seconds on a single connection, counting
RSS, API and OAI together. Every request to arXiv goes through a PoliteClient; retries live here
and only here (the `arxiv` package's own retry loop is switched off, see generator/enrich.py).
"""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from typing import Any, Mapping

import requests
from requests.adapters import HTTPAdapter
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from generator import __version__
from generator.errors import FetchError

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class _Transient(Exception):
    """A failure worth retrying; carries the wait the server asked for (Retry-After), if any."""

    def __init__(self, message: str, url: str, status: int | None = None, retry_after: float | None = None):
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


class PoliteClient:
    """Rate-limited, retrying GET client. Thread-safe: a lock serialises requests on one connection."""

    def __init__(
        self,
        *,
        delay: float,
        timeout: float,
        attempts: int,
        backoff: float,
        retry_after_max: float,
        user_agent: str,
    ):
        self.delay = delay
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.retry_after_max = retry_after_max
        self.requests_made = 0
        self._lock = threading.Lock()
        self._last_request: float | None = None
        self._session = requests.Session()
        # One connection, as arXiv asks; pool_block makes a second thread wait instead of opening more.
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = user_agent

    @classmethod
    def for_arxiv(cls, settings: Any, delay: float | None = None) -> "PoliteClient":
        contact = f"; mailto:{settings.contact}" if settings.contact else ""
        return cls(
            delay=settings.request_delay if delay is None else delay,
            timeout=settings.http_timeout,
            attempts=settings.http_attempts,
            backoff=settings.retry_backoff,
            retry_after_max=settings.retry_after_max,
            user_agent=f"arxiv-digest/{__version__} (daily arXiv digest{contact})",
        )

    # The arxiv package calls session.get(url, headers=...); accept and ignore its User-Agent.
    def get(self, url: str, params: Mapping[str, Any] | None = None, headers: Any = None) -> requests.Response:
        """GET with spacing and retries; raises FetchError when it fails for good."""
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, _Transient)),
            reraise=True,
            before_sleep=self._log_retry,
        )
        try:
            return retrying(self._get_once, url, params)
        except _Transient as err:
            raise FetchError(
                f"{err} (gave up after {self.attempts} attempts)", url=err.url, status=err.status
            ) from None

    def close(self) -> None:
        self._session.close()

    # --- internals ---------------------------------------------------------------------------
    def _get_once(self, url: str, params: Mapping[str, Any] | None) -> requests.Response:
        with self._lock:
            self._space_out()
            try:
                resp = self._session.get(url, params=params, timeout=self.timeout)
            except requests.Timeout:
                raise _Transient(f"timed out after {self.timeout:g} s: {url}", url) from None
            except requests.ConnectionError as err:
                raise _Transient(f"connection failed: {url} ({type(err).__name__})", url) from None
            finally:
                self._last_request = time.monotonic()
                self.requests_made += 1
        full_url = resp.url or url
        if resp.status_code in RETRY_STATUSES:
            retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            if retry_after is not None and retry_after > self.retry_after_max:
                raise FetchError(
                    f"HTTP {resp.status_code} asking to retry after {retry_after:.0f} s: {full_url}",
                    url=full_url,
                    status=resp.status_code,
                )
            raise _Transient(f"HTTP {resp.status_code}: {full_url}", full_url, resp.status_code, retry_after)
        if resp.status_code >= 400:
            raise FetchError(f"HTTP {resp.status_code}: {full_url}", url=full_url, status=resp.status_code)
        return resp

    def _space_out(self) -> None:
        if self._last_request is None:
            return
        pause = self.delay - (time.monotonic() - self._last_request)
        if pause > 0:
            time.sleep(pause)

    def _wait(self, state: RetryCallState) -> float:
        err = state.outcome.exception() if state.outcome else None
        if isinstance(err, _Transient) and err.retry_after is not None:
            return err.retry_after
        # Exponential backoff with full jitter on top of the base (never below the arXiv spacing).
        base = self.backoff * 2 ** (state.attempt_number - 1)
        return base + random.uniform(0, base)

    @staticmethod
    def _log_retry(state: RetryCallState) -> None:
        err = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0
        log.warning("%s; retrying in %.1f s (attempt %d)", err, wait, state.attempt_number + 1)
