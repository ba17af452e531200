"""Text-style macros in arXiv abstracts, outside math: `\\textbf{SynthRL}`, `\\textit{evaluation
crisis}`, `\\textbf{\\underline{Mi}}xture`, `\\textbf{$\\alpha$-stable}`, `{\\em as well}`, and TeX's
``quotes''. arXiv shows them raw; the pages show the emphasis they ask for (and “quotes”), and
where only text goes (feeds, search records, meta tags) their text alone.

Math is found by the reader script's own rules (faq/texmath.py mirrors 20-math.js: `$..$`, `$$..$$`,
`\\(..\\)`, `\\[..\\]`, bare `\\begin{equation}`; "$5 and $10" is prices), so what the script will
typeset is never split by an element and macros inside it stay for KaTeX. Only a closed set of
macros whose argument holds no braces but math's is read (innermost first, so nested ones work);
anything else stays as written, as the fetch stage's text normaliser keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup, escape

from generator.faq.texmath import math_spans

_TAGS = {
    "emph": "em",
    "textit": "em",
    "textsl": "em",
    "textbf": "strong",
    "texttt": "code",
    "underline": "u",
    "textsc": "",
    "textrm": "",
    "textsf": "",
    "textup": "",
    "textmd": "",
    "textnormal": "",
}
_SWITCHES = {
    "em": "em",
    "it": "em",
    "sl": "em",
    "itshape": "em",
    "bf": "strong",
    "bfseries": "strong",
    "tt": "code",
    "ttfamily": "code",
    "sc": "",
    "rm": "",
    "sf": "",
}
"""Old-style declarations, in their group: `{\\em evaluation crisis}`, `{\\sc Turbo}`."""
_ELEMENT = {**_TAGS, **_SWITCHES}
"""The element of each macro or declaration ("": its text alone)."""
_OPEN, _CLOSE = "\ue000", "\ue001"
"""Around the number of a math span while macros are read (private-use characters: no braces)."""
_MACRO = re.compile(r"(?<!\\)\\(" + "|".join(_TAGS) + r")\s*\{([^{}]*)\}")
_GROUP = re.compile(r"(?<!\\)\{\\(" + "|".join(_SWITCHES) + r")(?![A-Za-z])\s*([^{}]*)\}")
_HELD = re.compile(_OPEN + r"(\d+)" + _CLOSE)
_HINT = re.compile(
    r"(?<!\\)\\(?:" + "|".join(_TAGS) + r")\s*\{|(?<!\\)\{\\(?:" + "|".join(_SWITCHES) + r")(?![A-Za-z])"
)
"""A style macro starts here (its argument may hold math's braces: read once math is held aside)."""
_QUOTED = re.compile(r"``([^`']*)''")
"""TeX's quotes, ``like this'': “like this” (outside math, where '' is a double prime)."""


def _has_macro(text: str) -> bool:
    # Substring tests first (every macro and declaration starts so; quotes need no regex): most
    # abstracts have none, and the regex alone costs 34 µs on an abstract of 1,600 characters.
    if "``" in text:
        return True
    return ("\\text" in text or "\\emph" in text or "\\underline" in text or "{\\" in text) and bool(_HINT.search(text))


def _quotes(text: str) -> str:
    return _QUOTED.sub("\u201c\\1\u201d", text) if "``" in text else text


def _rewrite(text: str, wrap: Callable[[re.Match[str]], str], piece: Callable[[str], str]) -> str:
    """`text` with its math held aside (each piece of it and of the rest through `piece`), its
    macros through `wrap` (innermost first: \\textbf{\\underline{Mi}} is two passes), then the math
    put back as it was."""
    if _OPEN in text or _CLOSE in text:  # (text that holds the markers is left as written)
        return piece(text)
    held: list[str] = []
    out: list[str] = []
    pos = 0
    for start, end in math_spans(text):
        out.append(piece(_quotes(text[pos:start])))
        out.append(f"{_OPEN}{len(held)}{_CLOSE}")
        held.append(piece(text[start:end]))
        pos = end
    out.append(piece(_quotes(text[pos:])))
    done = "".join(out)
    while True:
        again = _GROUP.sub(wrap, _MACRO.sub(wrap, done))
        if again == done:
            break
        done = again
    return _HELD.sub(lambda m: held[int(m.group(1))], done) if held else done


def plain(text: str) -> str:
    """The text with each style macro replaced by its argument (math unchanged)."""
    if not _has_macro(text):  # most abstracts: a substring test, not the reader's math rules
        return text
    return _rewrite(text, lambda m: m.group(2), str)


def _tagged(m: re.Match[str]) -> str:
    tag = _ELEMENT[m.group(1)]
    return f"<{tag}>{m.group(2)}</{tag}>" if tag else m.group(2)


def styled(text: str) -> str:
    """For a template: Markup of the escaped text with each style macro as the element it asks for
    (math unchanged); text without one as it is (autoescape escapes it, with no copy held)."""
    if not _has_macro(text):
        return text
    return Markup(_rewrite(text, _tagged, lambda s: str(escape(s))))
