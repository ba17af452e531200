"""Where TeX math starts and ends, by the rules of the reader script's splitMath (static/app/20-math.js).

The FAQ's Markdown is rendered here, but the browser scans the same text again for math: the two must
agree, or a price the server left as text ("$5 and $10 per run") is typeset in the browser, or the
other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The environments MathJax typesets outside delimiters (its processEnvironments default), as far as it
# knows them; \begin{itemize} or \begin{proof} stays text. Same list as MATH_ENV in 20-math.js.
ENV_NAMES = (
    r"(?:(?:equation|align|alignat|gather|multline|flalign|eqnarray|[pbBvV]?matrix)\*?"
    r"|split|aligned|alignedat|gathered|smallmatrix|[dr]?cases|d?array|CD)"
)
MATH_ENV = re.compile(ENV_NAMES + r"\Z")
BEGIN = re.compile(r"\\begin\s*\{([^}]*)\}")
_END = re.compile(r"\\end\s*\{([^}]*)\}")


def _outside_braces(s: str, start: int) -> Iterator[int]:
    """Each index from start that is outside braces and not an escaped character (the one after a
    backslash): where math may close, by MathJax's rule."""
    k, depth = start, 0
    while k < len(s):
        if not depth:
            yield k
        if s[k] == "\\":
            k += 1
        elif s[k] == "{":
            depth += 1
        elif s[k] == "}" and depth:
            depth -= 1
        k += 1


def close_of(s: str, delim: str, start: int) -> int:
    """Index of the next delim at or after start, unescaped and outside braces (MathJax's rule: the
    $ inside $\\texttt{M$^3$Net}$ does not close it), or -1."""
    return next((k for k in _outside_braces(s, start) if s.startswith(delim, k)), -1)


def close_dollar(s: str, start: int) -> int:
    """The closing $ of inline math opened just before start, or -1 when this $ is text: the body is
    blank, or it is a price ("$5 and $10", "$5-$10", "$5, not $x$"); "$\\pm$5%" is math."""
    j = close_of(s, "$", start)
    if j < 0:
        return -1
    body = s[start:j]
    if not body.strip():
        return -1
    if body[0].isdigit() and (body[-1].isspace() or s[j + 1 : j + 2].isdigit()):
        return -1
    return j


def close_env(s: str, start: int, name: str) -> int:
    """End of the first \\end{name} outside braces after start (MathJax's rule), or -1."""
    for k in _outside_braces(s, start):
        m = _END.match(s, k)
        if m and m.group(1) == name:
            return m.end()
    return -1


def env_end(s: str, i: int) -> int:
    """End of the math environment whose \\begin is at i, or -1 when there is none."""
    m = BEGIN.match(s, i)
    if not m or not MATH_ENV.match(m.group(1)):
        return -1
    return close_env(s, m.end(), m.group(1))


def _span_at(s: str, i: int) -> int:
    """End of the math starting at i, or -1 when none starts there."""
    if s.startswith("\\begin", i):
        return env_end(s, i)
    if s.startswith(("\\(", "\\["), i):
        j = close_of(s, "\\)" if s[i + 1] == "(" else "\\]", i + 2)
        return j + 2 if j >= 0 else -1
    if s.startswith("$$", i):
        j = close_of(s, "$$", i + 2)
        return j + 2 if j > i + 2 else -1
    if s.startswith("$", i):
        j = close_dollar(s, i + 1)
        return j + 1 if j >= 0 else -1
    return -1


_MAY_START = re.compile(r"[$\\]")
"""Math starts only at a $ or a backslash: the characters between are skipped in one scan."""


def math_spans(s: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each piece of math in s, delimiters included, as the reader script finds them."""
    i = 0
    while i < len(s):
        if s[i] != "$" and s[i] != "\\":
            found = _MAY_START.search(s, i)
            if found is None:
                return
            i = found.start()
        end = _span_at(s, i)
        if end >= 0:
            yield i, end
            i = end
        elif s.startswith("$$", i) or s[i] == "\\":
            i += 2  # an unclosed $$ is skipped whole, as is an escaped character
        else:
            i += 1
