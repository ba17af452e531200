"""The one polite HTTP client for arXiv (listing feeds, API, PDFs): spaced, identified, retried once.

arXiv's terms ask for at most one request every three seconds on a single connection, counting
RSS, API and OAI together. Every request to arXiv goes through a PoliteClient; retries live here
and only here (the `arxiv` package's own retry loop is switched off, see generator/enrich.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from generator import __version__
from generator.errors import FetchError
from generator.net.deadline import PoliteClock, read_body, with_body
from generator.net.retry import RETRY_STATUSES, Transient, parse_retry_after, retrying

log = logging.getLogger(__name__)


class PoliteClient:
    """Rate-limited, retrying GET client. Thread-safe: a lock serialises requests on one connection.

    `timeout` bounds each read and `deadline` (default: the timeout) the whole request, body
    included. Clients that share a `clock` keep one pace between them: `digest build` gives its
    fetch and its PDF downloads the same clock, so arXiv sees one polite client."""

    def __init__(
        self,
        *,
        delay: float,
        timeout: float,
        attempts: int,
        backoff: float,
        retry_after_max: float,
        user_agent: str,
        deadline: float | None = None,
        clock: PoliteClock | None = None,
    ):
        self.delay = delay
        self.timeout = timeout
        self.deadline = timeout if deadline is None else deadline
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.retry_after_max = retry_after_max
        self.requests_made = 0
        self.retries = 0
        """Requests repeated after a transient failure (for the run log)."""
        self._clock = clock or PoliteClock()
        self._session = requests.Session()
        # One connection, as arXiv asks; pool_block makes a second thread wait instead of opening more.
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = user_agent

    @classmethod
    def for_arxiv(cls, settings: Any, delay: float | None = None, clock: PoliteClock | None = None) -> PoliteClient:
        contact = f"; mailto:{settings.contact}" if settings.contact else ""
        return cls(
            delay=settings.request_delay if delay is None else delay,
            timeout=settings.http_timeout,
            attempts=settings.http_attempts,
            backoff=settings.retry_backoff,
            retry_after_max=settings.retry_after_max,
            user_agent=f"arxiv-digest/{__version__} (daily arXiv digest{contact})",
            clock=clock,
        )

    def get(self, url: str, params: Mapping[str, Any] | None = None, headers: Any = None) -> requests.Response:
        """GET with spacing and retries; raises FetchError when it fails for good.

        Extra `headers` (If-None-Match, ...) are sent, except a User-Agent: ours always wins. A 304
        Not Modified reply is returned to the caller like a 200."""
        extra = {k: v for k, v in (headers or {}).items() if k.lower() != "user-agent"}
        controller = retrying(self.attempts, self.backoff)
        try:
            return controller(self._get_once, url, params, extra)
        except Transient as err:
            raise FetchError(
                f"{err} (gave up after {self.attempts} attempts)", url=err.url, status=err.status
            ) from None
        finally:
            self.retries += max(0, controller.statistics.get("attempt_number", 1) - 1)

    def close(self) -> None:
        self._session.close()

    # --- internals ---------------------------------------------------------------------------
    def _get_once(
        self, url: str, params: Mapping[str, Any] | None, headers: dict[str, str] | None = None
    ) -> requests.Response:
        with self._clock.lock:
            time.sleep(self._clock.pause_for(self.delay))
            started = time.monotonic()
            try:
                resp = self._session.get(url, params=params, headers=headers, timeout=self.timeout, stream=True)
                resp = with_body(resp, read_body(resp, started, self.deadline, resp.url or url))
            except requests.Timeout:
                raise Transient(f"timed out after {self.timeout:g} s: {url}", url) from None
            except (
                requests.ConnectionError,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as err:
                # Refused, reset, or a body cut short mid-transfer: all worth another try.
                raise Transient(f"connection failed: {url} ({type(err).__name__})", url) from None
            except requests.RequestException as err:
                raise FetchError(f"request failed: {url} ({type(err).__name__}: {err})", url=url) from None
            finally:
                self._clock.last = time.monotonic()
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
            raise Transient(f"HTTP {resp.status_code}: {full_url}", full_url, resp.status_code, retry_after)
        if resp.status_code >= 400:
            raise FetchError(f"HTTP {resp.status_code}: {full_url}", url=full_url, status=resp.status_code)
        return resp
