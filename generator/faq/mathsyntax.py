"""The mistune plugin for math the way authors write it: `$…$` only where the reader script sees math
too (so a price stays text), bare `\\begin{align}…\\end{align}` environments, `\\$` kept as an escape,
and `|` inside math that does not split a table cell.

Runs after mistune's own math plugin and takes over its inline rule; its block `$$` rule stays.
"""

from __future__ import annotations

import re
from typing import Any

import mistune

from generator.faq.texmath import BEGIN, ENV_NAMES, close_dollar, close_of, env_end, math_spans

# A private-use character stands in for `|` inside math while the table plugin splits cells; input
# never carries one (normalise_math drops them), so putting `|` back changes nothing else.
PIPE = "\ue000"

_BLOCK_ENV = r"^ {0,3}\\begin\s*\{" + ENV_NAMES + r"\}"
_PUNCT_PAIR = re.compile(r"\\(.)", re.S)


def shield_pipes(text: str) -> str:
    """Every `|` inside math in text (no code in it) replaced by PIPE."""
    out, last = [], 0
    for start, end in math_spans(text):
        out += [text[last:start], text[start:end].replace("|", PIPE)]
        last = end
    return "".join([*out, text[last:]])


def unshield_pipes(html_text: str) -> str:
    return html_text.replace(PIPE, "|")


def _parse_dollar(inline: Any, m: re.Match[str], state: Any) -> int | None:
    s, i = state.src, m.start()
    if s.startswith("$$", i):
        j = close_of(s, "$$", i + 2)
        if j <= i + 2:  # unclosed (or empty): both dollars are text, as in the reader script
            inline.process_text("$$", state)
            return i + 2
        state.append_token({"type": "block_math", "raw": s[i + 2 : j]})
        return j + 2
    j = close_dollar(s, i + 1)
    if j < 0:
        return None  # mistune keeps this $ as text and moves on
    state.append_token({"type": "inline_math", "raw": s[i + 1 : j]})
    return j + 1


def _parse_inline_env(inline: Any, m: re.Match[str], state: Any) -> int | None:
    end = env_end(state.src, m.start())
    if end < 0:
        return None
    state.append_token({"type": "tex_env", "raw": state.src[m.start() : end]})
    return end


def _parse_block_env(block: Any, m: re.Match[str], state: Any) -> int | None:
    """An environment starting a line is a block even if its lines look like list items (`- x`)."""
    s = state.src
    start = s.index("\\begin", m.start())
    end = env_end(s, start)
    if end < 0:
        return None
    line_end = s.find("\n", end)
    line_end = len(s) if line_end < 0 else line_end + 1
    state.append_token({"type": "tex_env", "raw": s[start:end]})
    if s[end:line_end].strip():  # text after \end{…} on its line: a paragraph of its own
        state.add_paragraph(s[end:line_end])
    return line_end


def _parse_escape(inline: Any, m: re.Match[str], state: Any) -> int:
    # As mistune's escape, except that \$ stays escaped: the reader script must still see a dollar
    # sign there, not a math delimiter (it shows it as $, like MathJax's processEscapes).
    text = _PUNCT_PAIR.sub(lambda p: p.group(0) if p.group(1) == "$" else p.group(1), m.group(0))
    inline.process_text(text, state, parse_emphasis=False)
    return m.end()


def _render_env(renderer: mistune.HTMLRenderer, text: str) -> str:
    # The environment as written (escaped): the reader script finds it like one in an abstract.
    return '<span class="math display">' + renderer.escape_attribute(text) + "</span>"


def _render_display(renderer: mistune.HTMLRenderer, text: str) -> str:
    # A span, not mistune's <div>: inline $$…$$ inside a paragraph must not put a div in a <p>.
    return r'<span class="math display">\[' + renderer.escape_attribute(text) + r"\]</span>"


def math_syntax(md: mistune.Markdown) -> None:
    """mistune plugin; list it after "math"."""
    md.inline.register("inline_math", r"\$", _parse_dollar, start_chars="$")
    md.inline.register("tex_env", BEGIN.pattern, _parse_inline_env, before="escape", start_chars="\\")
    md.inline.register("escape", md.inline.specification["escape"], _parse_escape)
    md.block.register("tex_env_block", _BLOCK_ENV, _parse_block_env, before="list")
    for rules in (md.block.list_rules, md.block.block_quote_rules):
        md.block.insert_rule(rules, "tex_env_block", before="list")
    if md.renderer is not None:
        md.renderer.register("tex_env", _render_env)
        md.renderer.register("block_math", _render_display)
