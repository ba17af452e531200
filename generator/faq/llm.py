"""Client for any OpenAI-compatible chat-completions endpoint (OpenAI, Moonshot, DeepSeek, vLLM, ...).

Retries live here and only here: 429 (honouring Retry-After), 5xx, timeouts and dropped
connections. Other 4xx and unusable answers fail at once. The API key goes into one request header
and nowhere else: every message this module produces is passed through `_redact` first, which
masks any 8-character run of the key, plain or base64 (generator/net/redact.py).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import requests

from generator import __version__
from generator.config import Settings
from generator.errors import LLMError
from generator.net.deadline import read_body, with_body
from generator.net.redact import Redactor
from generator.net.retry import RETRY_STATUSES, Transient, parse_retry_after, retrying

log = logging.getLogger(__name__)


class LLMAnswerError(LLMError):
    """The endpoint answered, but not with a usable completion (malformed JSON, empty content)."""

    def __init__(self, message: str, prompt_tokens: int = 0, completion_tokens: int = 0):
        super().__init__(message)
        self.prompt_tokens = prompt_tokens  # an empty answer is still billed
        self.completion_tokens = completion_tokens


class LLMEndpointError(LLMError):
    """A failure only the operator can fix (revoked key, wrong URL or model, endpoint down): the
    FAQ run's circuit breaker counts these."""


_OPERATOR_STATUSES = frozenset({401, 403, 404})


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str | None
    duration_s: float


class ChatClient:
    """POSTs to <base>/chat/completions. Thread-safe: one requests.Session per thread."""

    def __init__(self, settings: Settings):
        self.url = settings.llm_base_url.rstrip("/") + "/chat/completions"
        self.model = settings.llm_model
        self.temperature = settings.llm_temperature
        self.max_tokens = settings.llm_max_tokens
        self.timeout = settings.llm_timeout
        self.attempts = max(1, settings.http_attempts)
        self.backoff = settings.retry_backoff
        self.retry_after_max = settings.retry_after_max
        self._key = settings.llm_api_key
        self._redactor = Redactor(self._key)
        host = urlparse(self.url).hostname or ""
        if self._key and self.url.startswith("http://") and host not in ("localhost", "127.0.0.1", "::1"):
            log.warning("the LLM API key will be sent over plain http to %s; use https", host)
        self._local = threading.local()
        self._count_lock = threading.Lock()
        # After a 429/503 with Retry-After, every worker waits, not just the one that was told.
        self._not_before = 0.0
        self.requests_made = 0

    def complete(self, messages: list[dict[str, str]]) -> Completion:
        """One completion, retried on transient failures; raises LLMError when it fails for good."""
        payload = {
            "model": self.model,
            "messages": messages,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }
        started = time.monotonic()
        try:
            data = retrying(self.attempts, self.backoff)(self._post_once, payload)
        except Transient as err:
            raise LLMEndpointError(f"{err} (gave up after {self.attempts} attempts)") from None
        return _completion(data, self._redact, time.monotonic() - started)

    # --- internals ---------------------------------------------------------------------------
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = f"arxiv-digest/{__version__}"
            if self._key:
                session.headers["Authorization"] = f"Bearer {self._key}"
            self._local.session = session
        return session

    def _post_once(self, payload: dict[str, Any]) -> Any:
        with self._count_lock:
            self.requests_made += 1
            pause = self._not_before - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        started = time.monotonic()
        try:
            # `timeout` bounds the whole call (a trickling server must not hold a worker for ever).
            resp = self._session().post(self.url, json=payload, timeout=self.timeout, stream=True)
            resp = with_body(resp, read_body(resp, started, self.timeout, self.url))
        except requests.Timeout:
            raise Transient(f"LLM request timed out after {self.timeout:g} s: {self.url}") from None
        except (
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as err:
            raise Transient(f"LLM connection failed: {self.url} ({type(err).__name__})") from None
        except requests.RequestException as err:
            raise LLMError(f"LLM request failed: {self.url} ({type(err).__name__})") from None
        if resp.status_code in RETRY_STATUSES:
            retry_after = parse_retry_after(resp.headers.get("Retry-After"))
            message = f"LLM endpoint answered HTTP {resp.status_code}: {self.url}"
            if retry_after is not None and retry_after > self.retry_after_max:
                raise LLMError(f"{message} (asks to retry after {retry_after:.0f} s)")
            if retry_after is not None:
                with self._count_lock:
                    self._not_before = max(self._not_before, time.monotonic() + retry_after)
            raise Transient(message, self.url, resp.status_code, retry_after)
        if resp.status_code >= 400:
            # Show the start of the body (it says what is wrong), but never the key: redact the
            # whole text before cutting it, or a key straddling the cut would leak its prefix.
            kind = LLMEndpointError if resp.status_code in _OPERATOR_STATUSES else LLMError
            raise kind(f"LLM endpoint answered HTTP {resp.status_code}: {self.url}: {self._redact(resp.text)[:200]!r}")
        try:
            return resp.json()
        except ValueError:
            raise LLMAnswerError(f"LLM answer is not JSON: {self._redact(resp.text)[:120]!r}") from None

    def _redact(self, text: str) -> str:
        return self._redactor.redact(text)

    def leaks(self, text: str) -> bool:
        """True when text holds the API key or a long piece of it (plain or base64)."""
        return self._redactor.leaks(text)


def _completion(data: Any, redact: Any, duration: float) -> Completion:
    """Read the documented response shape: choices[0].message.content and usage."""
    try:
        choice = data["choices"][0]
        text = choice["message"]["content"]
        usage = data.get("usage") or {}
        prompt_tokens = int(usage.get("prompt_tokens") or 0)
        completion_tokens = int(usage.get("completion_tokens") or 0)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        snippet = redact(json.dumps(data))[:120]
        raise LLMAnswerError(f"LLM answer has no choices[0].message.content: {snippet}") from None
    if not isinstance(text, str) or not text.strip():
        raise LLMAnswerError("LLM answer is empty", prompt_tokens, completion_tokens)
    return Completion(text, prompt_tokens, completion_tokens, choice.get("finish_reason"), duration)
