"""FAQ Markdown -> sanitised HTML: math survives, raw HTML and unsafe links do not."""

from __future__ import annotations

import re

from generator.content.model import FaqItem
from generator.faq.markdown import faq_html, markdown_to_html, normalise_math


def test_underscores_and_stars_inside_math_are_not_emphasis():
    out = markdown_to_html("Inline $a_1 * b_2$ and $x_i * y_j$ then **bold** and _it_.")
    assert r'<span class="math">\(a_1 * b_2\)</span>' in out
    assert "<strong>bold</strong>" in out and "<em>it</em>" in out and out.count("<em>") == 1


def test_llm_paren_and_bracket_delimiters_are_normalised_outside_code():
    assert normalise_math(r"see \(a_1\) and \[b\]") == "see $a_1$ and \n$$\nb\n$$\n"
    out = markdown_to_html("see \\(a_1 * b\\) and `\\(code\\)`\n\n```\n\\[kept\\]\n```")
    assert r'<span class="math">\(a_1 * b\)</span>' in out
    assert r"<code>\(code\)</code>" in out and r"\[kept\]" in out


def test_inline_display_math_does_not_put_a_div_in_a_paragraph():
    out = markdown_to_html("Energy $$E = mc^2$$ holds, and \\[a < b\\] too.")
    assert "<div" not in out
    assert r'<span class="math display">\[E = mc^2\]</span>' in out and "a &lt; b" in out


def test_script_and_img_onerror_are_escaped_as_text():
    out = markdown_to_html("<script>alert(1)</script>\n\nSee <img src=x onerror=alert(1)> here")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_only_http_links_survive():
    out = markdown_to_html(
        "[a](javascript:alert(1)) [b](data:text/html,x) [c](ftp://x) "
        "[d](https://arxiv.org/abs/1) <http://ok.org> ![e](https://t.example/p.gif)"
    )
    assert re.findall(r'href="([^"]*)"', out) == ["https://arxiv.org/abs/1", "http://ok.org", "https://t.example/p.gif"]
    assert "javascript" not in out and "<img" not in out and 'rel="noopener noreferrer nofollow"' in out


def test_tex_href_to_javascript_is_removed():
    out = markdown_to_html(
        r"$\href{javascript:alert(1)}{x}$ and \href{ javascript:alert(2)}{y} "
        r"and $\href{https://arxiv.org}{ok}$"
    )
    assert "javascript" not in out and r"\href{https://arxiv.org}{ok}" in out


def test_whole_faq_is_sections_with_escaped_questions_and_headings_demoted():
    out = faq_html([FaqItem("What <b>problem</b>?", "# Big heading\n\nText | with pipe")])
    assert out.startswith('<section class="faq-item"><h3 class="faq-q">What &lt;b&gt;problem&lt;/b&gt;?</h3>')
    assert "<h4>Big heading</h4>" in out and "<h1>" not in out


def test_tables_and_lists_render_without_style_attributes():
    out = markdown_to_html("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n3. three\n4. four")
    assert "<table>" in out and "style=" not in out and '<ol start="3">' in out
