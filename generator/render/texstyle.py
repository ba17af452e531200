"""Text-style macros in arXiv abstracts, outside math: `\\textbf{SynthRL}`, `\\textit{evaluation
crisis}`, `\\textbf{\\underline{Mi}}xture`. arXiv shows them raw; the pages show the emphasis they
ask for, and where only text goes (feeds, search records, meta tags) their text alone.

Only a closed set of macros whose argument holds no other braces is read (innermost first, so
nested ones work); anything else stays as written, as the fetch stage's text normaliser keeps it.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from generator.content.texspans import outside_math

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
_MACRO = re.compile(r"\\(" + "|".join(_TAGS) + r")\s*\{([^{}]*)\}")


def _rewrite(text: str, wrap) -> str:
    while True:  # innermost first: \textbf{\underline{Mi}} is two passes
        done = _MACRO.sub(wrap, text)
        if done == text:
            return done
        text = done


def plain(text: str) -> str:
    """The text with each style macro replaced by its argument (math unchanged)."""
    if "\\" not in text:
        return text
    return outside_math(text, lambda part: _rewrite(part, lambda m: m.group(2)))


def _tagged(m: re.Match[str]) -> str:
    tag = _TAGS[m.group(1)]
    return f"<{tag}>{m.group(2)}</{tag}>" if tag else m.group(2)


def styled(text: str) -> str:
    """For a template: Markup of the escaped text with each style macro as the element it asks for
    (math unchanged); text without a backslash as it is (autoescape escapes it, with no copy held)."""
    if "\\" not in text:
        return text
    escaped = str(escape(text))  # escaping leaves backslashes and braces, so the macros still match
    return Markup(outside_math(escaped, lambda part: _rewrite(part, _tagged)))
