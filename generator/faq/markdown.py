"""LLM Markdown with LaTeX math -> sanitised HTML, rendered once per FAQ and stored in Faq.html.

Two layers, because the text is untrusted: mistune built with escape=True (raw HTML becomes text)
and a renderer that only emits what we allow, then nh3 with the same allow-list as a backstop.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any, cast

import mistune
import nh3

from generator.content.model import FaqItem
from generator.faq.mathsyntax import PIPE, math_syntax, shield_pipes, unshield_pipes

# Everything the renderer below can emit, and nothing else: no img (tracking pixels), no div/style.
ALLOWED_TAGS = frozenset(
    {
        "p",
        "em",
        "strong",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
        "span",
        "br",
        "hr",
        "section",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_CLASSES = {"span": {"math", "display"}, "section": {"faq-item"}, "h3": {"faq-q"}}
URL_SCHEMES = frozenset({"http", "https"})

_CODE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.S)
_PAREN_MATH = re.compile(r"\\\((.+?)\\\)", re.S)
_BRACKET_MATH = re.compile(r"\\\[(.+?)\\\]", re.S)
# \href{javascript:..}{x} / \url{data:..}: KaTeX runs with trust:false, but drop non-web targets anyway.
_TEX_LINK = re.compile(r"\\(?:href|url)\s*\{\s*(?!https?://)[^{}]*\}")
_WEB_URL = re.compile(r"^https?://", re.I)


def normalise_math(markdown: str) -> str:
    """`\\(…\\)` -> `$…$` and `\\[…\\]` -> `$$…$$` outside code: Markdown would eat the backslashes.
    A `|` inside math is shielded (see mathsyntax.shield_pipes) so it cannot split a table cell."""
    parts = _CODE.split(markdown.replace(PIPE, ""))
    for i in range(0, len(parts), 2):  # even indexes are outside code
        text = _PAREN_MATH.sub(lambda m: f"${m.group(1).strip()}$", parts[i])
        text = _BRACKET_MATH.sub(lambda m: f"\n$$\n{m.group(1).strip()}\n$$\n", text)
        parts[i] = shield_pipes(_TEX_LINK.sub("", text))
    return "".join(parts)


class _SafeRenderer(mistune.HTMLRenderer):
    """HTML renderer that escapes raw HTML and only links to http(s); headings become h4."""

    def __init__(self) -> None:
        super().__init__(escape=True)

    def link(self, text: str, url: str, title: str | None = None) -> str:
        if not _WEB_URL.match(url):
            return text
        return super().link(text, url, title)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        # No remote images in FAQs (tracking pixels); keep the alt text as a link when it is safe.
        return self.link(text or url, url, title)

    def heading(self, text: str, level: int, **attrs: Any) -> str:
        return f"<h4>{text}</h4>\n"  # the question is the h3; model headings sit below it

    def block_html(self, html_text: str) -> str:
        return f"<p>{self.text(html_text.strip())}</p>\n"


def _markdown() -> mistune.Markdown:
    # math_syntax comes after "math": it keeps that plugin's $$ block rule and replaces the rest.
    return mistune.create_markdown(
        escape=True, renderer=_SafeRenderer(), plugins=["math", "table", "strikethrough", math_syntax]
    )


_MD = _markdown()


def markdown_to_html(markdown: str) -> str:
    """One answer's Markdown as sanitised HTML."""
    # An HTML renderer returns text (mistune returns tokens only without a renderer).
    rendered = cast(str, _MD(normalise_math(markdown)))
    return sanitise(unshield_pipes(rendered))


# nh3 drops a javascript: href but keeps the <a> (with the rel it adds): an <a rel> without href is
# invalid HTML, so such an anchor is unwrapped to its text. The serialiser's output is regular, and
# HTML parsing never nests <a>, so a pattern is enough here.
_HREFLESS_A = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.S)


def sanitise(fragment: str) -> str:
    return _HREFLESS_A.sub(r"\1", _clean(fragment))


def _clean(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={k: set(v) for k, v in ALLOWED_CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style"},
    )


def faq_html(items: Iterable[FaqItem]) -> str:
    """The whole FAQ: one <section> per question, question as <h3>, answer rendered below it."""
    sections = [
        f'<section class="faq-item"><h3 class="faq-q">{html.escape(item.question)}</h3>\n'
        f"{markdown_to_html(item.answer)}</section>"
        for item in items
    ]
    return sanitise("\n".join(sections))
