"""Where TeX math sits in stored text: what every stage that rewrites text around math leaves alone."""

from __future__ import annotations

import re
from collections.abc import Callable

MATH = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|\\\(.+?\\\)|\\\[.+?\\\]", re.S)
"""Math spans: $$..$$, $..$, \\(..\\), \\[..\\]; an escaped \\$ is not a delimiter."""


def outside_math(text: str, rewrite: Callable[[str], str]) -> str:
    """`text` with `rewrite` applied to each stretch between math spans; the math is unchanged."""
    out: list[str] = []
    pos = 0
    for m in MATH.finditer(text):
        out.append(rewrite(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(rewrite(text[pos:]))
    return "".join(out)
