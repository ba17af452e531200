"""Keep a secret (the LLM API key) out of every message, in any shape it may come back in.

An endpoint or a model may echo the key whole, cut in pieces, or base64-encoded. Any run of
MIN_RUN or more characters of the key (or of its base64 forms) is replaced, so a piece long enough
to narrow a guess never reaches a log, an error line or a stored FAQ.
"""

from __future__ import annotations

import base64
import logging

MIN_RUN = 8
MASK = "***"


class Redactor:
    def __init__(self, secret: str):
        self.secret = secret
        self._windows = _windows(secret)

    def redact(self, text: str) -> str:
        if not self.secret or not text:
            return text
        spans = self._spans(text)
        if not spans:
            return text
        out, last = [], 0
        for start, end in spans:
            out.append(text[last:start] + MASK)
            last = end
        return "".join(out) + text[last:]

    def leaks(self, text: str) -> bool:
        """True when `text` holds the secret or a run of MIN_RUN of its characters."""
        return bool(self.secret) and bool(self._spans(text))

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Merged (start, end) spans of text covered by a window of the secret."""
        marks: list[tuple[int, int]] = []
        for window in self._windows:
            start = text.find(window)
            while start != -1:
                marks.append((start, start + len(window)))
                start = text.find(window, start + 1)
        merged: list[tuple[int, int]] = []
        for start, end in sorted(marks):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged


def _windows(secret: str) -> set[str]:
    """Every MIN_RUN-long piece of the secret and of its base64 forms (all three alignments)."""
    if not secret:
        return set()
    forms = [secret]
    raw = secret.encode()
    for pad in (b"", b"\0", b"\0\0"):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            # A prefix shifts the alignment; drop the characters the prefix touched.
            forms.append(encode(pad + raw).decode()[len(pad) * 2 :].rstrip("="))
    if len(secret) < MIN_RUN:
        return {secret}
    return {form[i : i + MIN_RUN] for form in forms for i in range(len(form) - MIN_RUN + 1)}


_active: list[Redactor] = []
"""The redactor the log record factory applies (installed once per process, swapped after)."""


def redact_logs(redactor: Redactor) -> None:
    """Redact every log record of this process, whoever logs it (our code, urllib3, requests)."""
    if not _active:
        _install_factory()
    _active[:] = [redactor]


def _install_factory() -> None:
    make = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = make(*args, **kwargs)
        if _active:
            message = record.getMessage()
            clean = _active[0].redact(message)
            if clean != message:
                record.msg, record.args = clean, None
        return record

    logging.setLogRecordFactory(factory)
