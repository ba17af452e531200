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


def test_prices_stay_text_but_math_next_to_a_number_is_math():
    out = markdown_to_html("It costs $5 and $10 per run, with a $2 fee, or $5-$10 in bulk.")
    assert "math" not in out and "It costs $5 and $10 per run, with a $2 fee, or $5-$10 in bulk." in out
    # arXiv 2504.00030 writes "15% ($\pm$5%)": the \pm is the math, not "5%) with … ($".
    out = markdown_to_html(r"a speedup of 15% ($\pm$5%) with it and 16% ($\pm$3%) with that")
    assert out.count(r'<span class="math">\(\pm\)</span>') == 2


def test_a_dollar_inside_braces_does_not_close_math():
    out = markdown_to_html(r"a benchmark called $\texttt{M$^3$FinMeeting}$, which")
    assert r'<span class="math">\(\texttt{M$^3$FinMeeting}\)</span>' in out


def test_escaped_dollars_stay_escaped_for_the_reader_script():
    out = markdown_to_html(r"It costs \$5, and \$x\$ is not math; $\$5$ is.")
    assert r"It costs \$5, and \$x\$ is not math;" in out and r'<span class="math">\(\$5\)</span>' in out


def test_bare_environments_are_display_math_as_written():
    src = "We have\n\\begin{align}\na &= b_1 * c_2 \\\\\n- d &= e_1 * f_2\n\\end{align}\nwhere it holds."
    out = markdown_to_html(src)
    env = "\\begin{align}\na &amp;= b_1 * c_2 \\\\\n- d &amp;= e_1 * f_2\n\\end{align}"
    assert f'<span class="math display">{env}</span>' in out
    assert "<ul>" not in out and "<em>" not in out and "<p>where it holds.</p>" in out
    out = markdown_to_html(r"Inline \begin{equation*} x_1 = y_2 \end{equation*} and *more*.")
    assert r'<span class="math display">\begin{equation*} x_1 = y_2 \end{equation*}</span>' in out
    assert "<em>more</em>" in out


def test_environments_in_list_items_and_unknown_environments():
    out = markdown_to_html("- \\begin{align}\n  x &= 1 \\\\\n  - y &= 2\n  \\end{align}\n- two")
    assert out.count("<li>") == 2 and "<ul>" in out and out.count("<ul>") == 1
    assert "\\begin{align}\nx &amp;= 1 \\\\\n- y &amp;= 2\n\\end{align}" in out
    out = markdown_to_html(r"\begin{itemize}\item one\end{itemize} and \begin{align} no end")
    assert "math" not in out


def test_hostile_environment_names_and_bodies_stay_text():
    out = markdown_to_html("\\begin{equation}<script>alert(1)</script><img src=x onerror=alert(2)>\\end{equation}")
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and out.startswith('<span class="math display">\\begin')
    out = markdown_to_html('\\begin{<img src=x onerror="alert(3)">}x\\end{<img src=x onerror="alert(3)">}')
    assert "<img" not in out and "math" not in out


def test_a_pipe_inside_math_does_not_split_a_table_cell():
    out = markdown_to_html("| a | b |\n|---|---|\n| $\\left|x\\right|$ | $\\|v\\|_2$ |\n| $5 | $10 |")
    assert out.count("<td>") == 4
    assert r'<td><span class="math">\(\left|x\right|\)</span></td>' in out
    assert r'<td><span class="math">\(\|v\|_2\)</span></td>' in out and "<td>$5</td>" in out
    # The stand-in for | never comes from the input.
    assert "\ue000" not in markdown_to_html("a \ue000 b $x|y$")


def test_an_unknown_environment_stays_one_paragraph():
    out = markdown_to_html("\\begin{itemize}\n\\item one\n\\end{itemize}")
    assert out == "<p>\\begin{itemize}\n\\item one\n\\end{itemize}</p>\n"
