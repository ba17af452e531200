"""The memoised listing entry (render/partials.py): same bytes as plain Jinja, rendered once per paper."""

from __future__ import annotations

import jinja2

from generator.render.partials import memoize_partial

PAGE = "{% for p in papers %}{% include 'entry.html' %}{% endfor %}"
ENTRY = "<a href='{{ root }}p/{{ p.id }}'>{{ p.title }}{{ count() }}</a>\n"


def env_with(tmp_path, counter: list[int]) -> jinja2.Environment:
    (tmp_path / "page.html").write_text(PAGE)
    (tmp_path / "entry.html").write_text(ENTRY)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), autoescape=True)

    def count() -> str:
        counter.append(1)
        return ""

    env.globals["count"] = count
    return env


def test_memoised_entries_render_the_same_bytes_once_per_paper(tmp_path):
    papers = [{"id": f"2606.0000{i}", "title": f"T <{i}> & more"} for i in range(5)]
    plain_calls: list[int] = []
    memo_calls: list[int] = []
    plain, memo = env_with(tmp_path, plain_calls), env_with(tmp_path, memo_calls)
    assert memoize_partial(memo, "entry.html")
    for root in ("../../", "../../../", "/repo/"):
        for _ in range(3):
            expected = plain.get_template("page.html").render(papers=papers, root=root)
            assert memo.get_template("page.html").render(papers=papers, root=root) == expected
    assert len(plain_calls) == 45
    assert len(memo_calls) == 5  # one render per paper, shared by every depth
