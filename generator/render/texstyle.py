"""Text-style macros in arXiv abstracts and comments, outside math: `\\textbf{SynthRL}`, `\\textit{evaluation
crisis}`, `\\textbf{\\underline{Mi}}xture`, `\\textbf{$\\alpha$-stable}`, `{\\em as well}`, and TeX's
``quotes''. arXiv shows them raw; the pages show the emphasis they ask for (and “quotes”), and
where only text goes (feeds, search records, meta tags) their text alone.

Math is found by the reader script's own rules (faq/texmath.py mirrors 20-math.js: `$..$`, `$$..$$`,
`\\(..\\)`, `\\[..\\]`, bare `\\begin{equation}`; "$5 and $10" is prices), so what the script will
typeset is never split by an element and macros inside it stay for KaTeX. Only a closed set of
macros whose argument holds no braces but math's is read (innermost first, so nested ones work);
anything else stays as written, as the fetch stage's text normaliser keeps it.

Web addresses outside math are links on the pages: a quarter of real abstracts point at their code
or data ("Code is available at https://github.com/…", `\\href{https://…}{project page}`). Where
only text goes, `\\href` reads "project page (https://…)" and `\\url{…}` is its address.
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
_ASIDES = {
    "footnote": (" (", ")"),
    "cite": (" [", "]"),
    "citep": (" [", "]"),
    "citet": (" [", "]"),
    "citealp": (" [", "]"),
}
"""Footnotes and citations, read as they would print: "competition (the organiser's site)", "the
TravelPlanner dataset [xie2024travelplanner]" (the space or `~` before them is theirs)."""
_ASIDE = re.compile(r"[\s~]*(?<!\\)\\(" + "|".join(_ASIDES) + r")\s*(?:\[[^\]{}]*\]){0,2}\{([^{}]*)\}")
_HINT = re.compile(
    r"(?<!\\)\\(?:"
    + "|".join([*_TAGS, *_ASIDES])
    + r")\s*[\[{]|(?<!\\)\{\\(?:"
    + "|".join(_SWITCHES)
    + r")(?![A-Za-z])"
)
"""A style macro starts here (its argument may hold math's braces: read once math is held aside)."""
_QUOTED = re.compile(r"``([^`']*)''")
"""TeX's quotes, ``like this'': “like this” (outside math, where '' is a double prime)."""
_BARE = r"https?://[^\s<>\"'{}\\.,;:!?()\[\]][^\s<>\"'{}\\]*"
"""A bare address: what follows the scheme starts with neither punctuation nor a bracket ("https://."
is no address)."""
_ADDRESS = r"https?://(?:[^\s<>\"'{}\\]|\\[_#%&~$])+"
"""An http(s) address (never a javascript: or data: link); in a macro's braces TeX's escapes
(`\\_`, `\\#`, `\\%`) may be in it."""
_LINK = re.compile(
    r"(?<!\\)\\href\s*\{(" + _ADDRESS + r")\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}"
    r"|(?<!\\)\\url\s*\{(" + _ADDRESS + r")\}"
    r"|(" + _BARE + ")"
)
"""`\\href{address}{text}`, `\\url{address}` or a bare address."""
_BARE_LINK = re.compile(_BARE)
"""The same, in text with neither macro (a pattern that starts with a literal is searched for fast)."""
_TEX_ESCAPE = re.compile(r"\\([_#%&~$])")
_TRAILING = ".,;:!?'\""
"""Punctuation that ends a sentence, not a bare address."""


def _has_macro(text: str, bare: bool) -> bool:
    """Whether the text may change: a style macro, TeX's quotes, `\\href` or `\\url`, and with `bare`
    a bare address (a link on pages; as text it stays as it is)."""
    # Substring tests first (every macro and declaration starts so; quotes need no regex): most
    # abstracts have none, and the regex alone costs 34 µs on an abstract of 1,600 characters.
    if "``" in text or "\\href" in text or "\\url" in text or (bare and "http" in text):
        return True
    return _may_style(text) and bool(_HINT.search(text))


def _may_style(text: str) -> bool:
    return (
        "\\text" in text
        or "\\emph" in text
        or "\\underline" in text
        or "{\\" in text
        or "\\footnote" in text
        or "\\cite" in text
    )


def _quotes(text: str) -> str:
    return _QUOTED.sub("\u201c\\1\u201d", text) if "``" in text else text


def _address(raw: str) -> tuple[str, str]:
    """A bare address and what follows it: it ends before trailing punctuation and before a closing
    bracket it did not open ("(see https://x.org/a)." links https://x.org/a)."""
    end = len(raw)
    while end > 8:
        last = raw[end - 1]
        unopened = last in ")]" and raw.count(last, 0, end) > raw.count("(" if last == ")" else "[", 0, end)
        if last not in _TRAILING and not unopened:
            break
        end -= 1
    return raw[:end], raw[end:]


def _linked(text: str, link: Callable[[str, str | None], str], rest: Callable[[str], str]) -> str:
    """Text outside math: each address through `link(address, its text or None)`, the rest through `rest`."""
    if "http" not in text:
        return rest(text)
    out, pos = [], 0
    links = _LINK if "\\href" in text or "\\url" in text else _BARE_LINK
    for m in links.finditer(text):
        out.append(rest(text[pos : m.start()]))
        if links is _BARE_LINK or m.group(4) is not None:
            address, after = _address(m.group(0))
            out.append(link(address, None) + rest(after))
        else:
            out.append(link(_TEX_ESCAPE.sub(r"\1", m.group(1) or m.group(3)), m.group(2)))
        pos = m.end()
    out.append(rest(text[pos:]))
    return "".join(out)


def _link_text(address: str, label: str | None) -> str:
    return address if label is None or label.strip() == address else f"{label} ({address})"


def _link_element(address: str, label: str | None) -> str:
    text = escape(address if label is None else label)
    return f'<a href="{escape(address)}" rel="nofollow">{text}</a>'


def _escaped(text: str) -> str:
    return str(escape(text))


def _rewrite(
    text: str,
    wrap: Callable[[re.Match[str]], str],
    piece: Callable[[str], str],
    prose: Callable[[str], str] | None = None,
) -> str:
    """`text` with its math held aside (each piece of it through `piece`, of the rest through
    `prose`, by default `piece` too), its macros through `wrap` (innermost first:
    \\textbf{\\underline{Mi}} is two passes), then the math put back as it was."""
    prose = prose or piece
    if _OPEN in text or _CLOSE in text:  # (text that holds the markers is left as written)
        return piece(text)
    held: list[str] = []
    out: list[str] = []
    pos = 0
    for start, end in math_spans(text):
        out.append(prose(_quotes(text[pos:start])))
        out.append(f"{_OPEN}{len(held)}{_CLOSE}")
        held.append(piece(text[start:end]))
        pos = end
    out.append(prose(_quotes(text[pos:])))
    done = "".join(out)
    while _may_style(done):
        again = _ASIDE.sub(_aside, _GROUP.sub(wrap, _MACRO.sub(wrap, done)))
        if again == done:
            break
        done = again
    return _HELD.sub(lambda m: held[int(m.group(1))], done) if held else done


def plain(text: str) -> str:
    """The text with each style macro replaced by its argument (math unchanged)."""
    if not _has_macro(text, bare=False):  # most abstracts: a substring test, not the reader's math rules
        return text
    return _rewrite(text, lambda m: m.group(2), str, lambda s: _linked(s, _link_text, str))


def _aside(m: re.Match[str]) -> str:
    opening, closing = _ASIDES[m.group(1)]
    return f"{opening}{m.group(2)}{closing}"


def _tagged(m: re.Match[str]) -> str:
    tag = _ELEMENT[m.group(1)]
    return f"<{tag}>{m.group(2)}</{tag}>" if tag else m.group(2)


def styled(text: str) -> str:
    """For a template: Markup of the escaped text with each style macro as the element it asks for
    (math unchanged); text without one as it is (autoescape escapes it, with no copy held)."""
    if not _has_macro(text, bare=True):
        return text
    return Markup(_rewrite(text, _tagged, _escaped, lambda s: _linked(s, _link_element, _escaped)))
