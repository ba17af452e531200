"""Normalise arXiv's raw TeX text: accents outside math become Unicode, math stays as written.

arXiv's listing feed keeps TeX accents (`Rapha\\"el`, `{\\"o}`, `\\c{c}`, `Vo{\\ss}`) in names and
titles. Readers, search and feeds want the letters; math (`$...$`, `\\(...\\)`) is left untouched
for KaTeX. A small table beats a full LaTeX parser here: pylatexenc would also rewrite macros we
want to keep (\\texttt, math), and accents are a closed set.
"""

from __future__ import annotations

import re
import unicodedata

_COMBINING = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
}
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "DJ": "Đ",
    "dj": "đ",
    "NG": "Ŋ",
    "ng": "ŋ",
    "TH": "Þ",
    "th": "þ",
    "DH": "Ð",
    "dh": "ð",
}
# Math spans (kept verbatim): $$..$$, $..$, \(..\), \[..\]; an escaped \$ is not a delimiter.
_MATH = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|\\\(.+?\\\)|\\\[.+?\\\]", re.S)
_SYMBOL_ACCENT = r"[\'`^\"~=.]"
_LETTER_ACCENT = r"[uvHckr]"
# The letter an accent sits on: any letter (arXiv writes `Nguy\~ên`, an accent on a letter that is
# already non-ASCII) or a dotless \i / \j.
_BASE = r"\\[ij](?![A-Za-z])|[^\W\d_]"
# \"o  \"{o}  \'{\i}  \v{c}  \c c  \H o, each optionally wrapped in one group: {\"o}, {\"{o}}.
# Only these accent commands lose braces; any other macro (\textbf{W}, \emph{a}) is kept verbatim.
_ACCENT = re.compile(
    r"(?P<open>\{)?\\(?:(?P<sym>" + _SYMBOL_ACCENT + r")\s*|(?P<let>" + _LETTER_ACCENT + r")(?:\s+|(?=\{)))"
    r"(?:\{\s*(?P<a1>" + _BASE + r")\s*\}|(?P<a2>" + _BASE + r"))(?(open)\})"
)
_NAMES = "|".join(sorted(_LETTERS, key=len, reverse=True))
# {\ss} or \ss: a control word eats one following space in TeX (\AA ngstr -> Angstr), or an empty {}.
_SPECIAL = re.compile(r"\{\\(" + _NAMES + r")\}|\\(" + _NAMES + r")(?![A-Za-z])(?:\{\}| )?")
_ESCAPES = re.compile(r"\\([&%#_])")


def _accent(m: re.Match[str]) -> str:
    mark = _COMBINING[m.group("sym") or m.group("let")]
    base = m.group("a1") or m.group("a2")
    if base.startswith("\\"):
        base = base[1]  # \'\i is an accented i, not a dotless one.
    return base + mark


def _text_part(s: str) -> str:
    if "\\" not in s:
        return s
    s = _ACCENT.sub(_accent, s)
    s = _SPECIAL.sub(lambda m: _LETTERS[m.group(1) or m.group(2)], s)
    s = _ESCAPES.sub(r"\1", s)
    return unicodedata.normalize("NFC", s)


def tex_to_unicode(text: str) -> str:
    """Convert TeX accents and letter macros outside math to Unicode (NFC); math is unchanged."""
    if "\\" not in text:
        return text
    out: list[str] = []
    pos = 0
    for m in _MATH.finditer(text):
        out.append(_text_part(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_text_part(text[pos:]))
    return "".join(out)


_PARA_BREAK = re.compile(r"\n[ \t]+|\n{2,}")
_SPACES = re.compile(r"\s+")


def clean_abstract(text: str) -> str:
    """arXiv abstract text -> paragraphs separated by one blank line, soft wraps joined.

    arXiv marks a paragraph break as a newline followed by indentation (`\\n  `); a bare newline is
    a hard wrap inside a paragraph (old abstracts are wrapped at ~80 columns).
    """
    paragraphs = _PARA_BREAK.split(text.strip())
    return "\n\n".join(p for p in (_SPACES.sub(" ", para).strip() for para in paragraphs) if p)


def clean_line(text: str) -> str:
    """Titles and names: one line, single spaces."""
    return _SPACES.sub(" ", text).strip()
