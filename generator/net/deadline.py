"""A total deadline per HTTP request, on top of requests' per-read timeout.

requests' `timeout` bounds each socket read, so a server that trickles one byte a second holds a
request for as long as it likes. Bodies are therefore streamed here with small reads (`read1`
returns whatever has arrived) and the elapsed time is checked after every read.
"""

from __future__ import annotations

import threading
import time

import requests
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ReadTimeoutError

from generator.net.retry import Transient

_CHUNK = 64 * 1024


class PoliteClock:
    """When the last request to a host finished: shared by every client that must keep one pace
    (arXiv counts its listing feeds, API and PDFs together)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last: float | None = None

    def pause_for(self, delay: float) -> float:
        """Seconds still to wait before the next request, `delay` after the last one."""
        if self.last is None:
            return 0.0
        return max(0.0, delay - (time.monotonic() - self.last))


def read_body(resp: requests.Response, started: float, deadline: float, url: str) -> bytes:
    """The whole body of a streamed response, or Transient once `deadline` seconds have passed
    since `started` (time.monotonic()). Decompresses as requests would."""
    chunks: list[bytes] = []
    try:
        while True:
            _check(started, deadline, url)
            chunk = _read1(resp, url)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        resp.close()
    body = b"".join(chunks)
    _check(started, deadline, url)
    return body


def _read1(resp: requests.Response, url: str) -> bytes:
    # Streaming bypasses requests' own translation of urllib3's errors: do it here, the same way.
    try:
        return resp.raw.read1(_CHUNK, decode_content=True)
    except ReadTimeoutError:
        raise Transient(f"timed out reading the answer: {url}", url) from None
    except (Urllib3Error, OSError) as err:
        raise Transient(f"connection failed: {url} ({type(err).__name__})", url) from None


def _check(started: float, deadline: float, url: str) -> None:
    if time.monotonic() - started > deadline:
        raise Transient(f"no complete answer within {deadline:g} s: {url}", url)


def with_body(resp: requests.Response, body: bytes) -> requests.Response:
    """The response with its body already read, so .content, .text and .json() work as usual.
    requests caches a read body in `_content`; filling it is how a streamed body becomes an
    ordinary Response again (the `arxiv` package reads .content)."""
    resp._content = body
    return resp
