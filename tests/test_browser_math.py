"""Math the way authors write it, typeset by KaTeX in the real browser: a corpus of real formulas (arXiv
abstracts, and blog/FAQ math with bare environments, norms, matrices, cases, prices, escaped dollars)
put in titles, abstracts and a FAQ of a built site, each checked for a KaTeX rendering without an
error node, and each non-math sample checked to stay plain text. Corpus: tests/fixtures/math_corpus/."""

from __future__ import annotations

import dataclasses
import json

import pytest
from browser_support import ARTIFACTS, REPO, SiteServer, make_test_content, render_test_content

from generator.content.model import Author, Day, Faq, FaqItem, Paper
from generator.content.store import ContentStore
from generator.faq.markdown import faq_html
from generator.faq.texmath import math_spans

pytestmark = pytest.mark.browser

CORPUS = json.loads((REPO / "tests" / "fixtures" / "math_corpus" / "corpus.json").read_text(encoding="utf-8"))
CORPUS_DATE = "2026-06-22"
FAQ_ID = "2606.80000"
TABLE = "| norm | value |\n|---|---|\n| $\\left|x\\right|$ | $\\|v\\|_2 = \\sqrt{v^\\top v}$ |"
HOSTILE_ENV = '\\begin{equation}<img src=x onerror="window.__pwned=1">\\end{equation} and \\begin{<b>}x\\end{<b>}'
# KaTeX marks what it cannot typeset: the whole formula (class katex-error) or one command, in red.
ERRORS = ".katex-error, [style*='#cc0000'], [style*='rgb(204, 0, 0)']"


def pid(n: int) -> str:
    return f"2606.8{n:04d}"


WIDE_ID = "2606.89998"
WIDE_ABSTRACT = (  # 2506.04280's, as arXiv has it: one unbreakable inline formula
    "To address this gap, we introduce $\\textbf{Multimodal Multi-image Reasoning Benchmark (MMRB)}$, "
    "the first benchmark designed to evaluate structured visual reasoning across multiple images."
)
WIDE_DISPLAY = (
    "$$\\sum_{i=1}^{n} \\frac{a_i + b_i + c_i + d_i + e_i + f_i + g_i + h_i}{x_i + y_i + z_i} = "
    "\\int_0^1 f(x)\\,dx + \\int_0^1 g(x)\\,dx + \\int_0^1 h(x)\\,dx$$"
)
BIDI_ID = "2606.89999"
BIDI_TITLE = 'Reads $\\char"202E$ backwards $\\unicode{x202E}$ from here'


def _corpus_day() -> Day:
    bidi = Paper(BIDI_ID, 1, BIDI_TITLE, (Author("Mallory"),), "Abstract.", ("cs.AI",), "new")
    wide = Paper(WIDE_ID, 1, "A wide formula", (Author("Ada Lovelace"),), WIDE_ABSTRACT, ("cs.AI",), "new")
    papers = (bidi, wide) + tuple(
        Paper(
            pid(n),
            1,
            f"Corpus {n}: {s['tex']}",
            (Author("Ada Lovelace"),),
            f"Sample {n} reads {s['tex']} here.",
            ("cs.AI",),
            "new",
        )
        for n, s in enumerate(CORPUS)
    )
    return Day(CORPUS_DATE, ("cs.AI",), papers)


def _corpus_faq() -> Faq:
    items = [FaqItem(f"Sample {n}?", f"It reads {s['tex']} here.") for n, s in enumerate(CORPUS)]
    items += [FaqItem("Table?", TABLE), FaqItem("Hostile?", HOSTILE_ENV)]
    return Faq(
        FAQ_ID, 1, "test-1", "fake-model", "en", "abstract", "2026-06-22T12:00:00Z", tuple(items), html=faq_html(items)
    )


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("math")
    content = tmp / "content"
    make_test_content(content)
    store = ContentStore(content)
    store.write_day(_corpus_day())
    store.write_faq(_corpus_faq())
    wide = [FaqItem("How wide?", f"This wide:\n\n{WIDE_DISPLAY}\n\nand no wider.")]
    store.write_faq(dataclasses.replace(_corpus_faq(), id=WIDE_ID, items=tuple(wide), html=faq_html(wide)))
    with SiteServer(render_test_content(tmp, with_search=False)) as server:
        yield server.url


# Per element: KaTeX renderings, error nodes, and the text left once renderings are taken out.
INSPECT_JS = """els => els.map(e => { const c = e.cloneNode(true);
  c.querySelectorAll('.katex').forEach(k => k.remove());
  return [e.querySelectorAll('.katex').length, e.querySelectorAll(arguments_errors).length, c.textContent]; })"""


def inspect(page, selector: str) -> list:
    return page.locator(selector).evaluate_all(INSPECT_JS.replace("arguments_errors", json.dumps(ERRORS)))


def failure(sample: dict, found: list) -> str | None:
    """Why this sample did not render as it should in one element, or None."""
    katex, errors, left = found
    if not sample["math"]:
        return None if katex == 0 and sample["shown"] in left else f"typeset or changed: {left!r}"
    if katex == 0 or errors:
        return f"{katex} renderings, {errors} errors"
    raw = [d for d in ("$", "\\(", "\\[", "\\begin") if d in left]
    return f"raw TeX left: {raw} in {left!r}" if raw else None


def failures(where: str, samples: list, found: list) -> list[str]:
    assert len(found) == len(samples)
    return [
        f"{where} {n}: {s['tex']!r}: {why}" for n, (s, f) in enumerate(zip(samples, found)) if (why := failure(s, f))
    ]


def test_corpus_renders_in_titles_and_abstracts(page, site_url):
    page.goto(site_url + f"cs.AI/{CORPUS_DATE}/index.html")
    page.wait_for_function("document.documentElement.classList.contains('reader-ready')")
    # Every entry holds math (an environment alone counts): the renderer marks it for typesetting.
    unmarked = page.locator("article.paper:not(.m)").evaluate_all("as => as.map(a => a.id)")
    page.evaluate(
        "(async () => { for (const a of document.querySelectorAll('article.paper.m')) {"
        " a.scrollIntoView(); await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); } })()"
    )
    page.wait_for_function("document.querySelectorAll('article.paper.m:not(.typeset)').length === 0")
    corpus = f"article.paper:not([id='p-{BIDI_ID}']):not([id='p-{WIDE_ID}'])"
    bad = failures("title", CORPUS, inspect(page, f"{corpus} > h3"))
    bad += failures("abstract", CORPUS, inspect(page, f"{corpus} .abstract"))
    rendered = len(CORPUS) * 2 - len(bad)
    assert bad == [], f"{rendered} of {len(CORPUS) * 2} render as written:\n" + "\n".join(bad)
    assert unmarked == []
    assert unmarked == []
    assert page.errors == []
    # For a look by eye: environments, a long align, prices and escaped dollars, one after another.
    shown = [n for n, s in enumerate(CORPUS) if s["tex"].startswith(("\\begin{align}", "\\begin{cases}", "costs"))]
    page.evaluate(
        "ids => document.querySelectorAll('article.paper').forEach(a => { a.hidden = !ids.includes(a.id); })",
        [f"p-{pid(n)}" for n in shown],
    )
    page.set_viewport_size({"width": 1280, "height": 2400})  # all of them painted at once
    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "math-corpus-listing.png"))


def test_corpus_renders_in_faq_text_and_tables_stay_tables(page, site_url):
    page.goto(site_url + f"arxiv/{FAQ_ID}/index.html")
    page.wait_for_function("document.documentElement.classList.contains('math-done')")
    sections = inspect(page, "#faq .faq-item")
    bad = failures("faq", CORPUS, sections[: len(CORPUS)])
    assert bad == [], f"{len(CORPUS) - len(bad)} of {len(CORPUS)} render as written:\n" + "\n".join(bad)
    cells = page.locator("#faq .faq-item table tbody tr td")
    assert cells.count() == 2  # the | inside $\left|x\right|$ and \|v\| split no cell
    assert [cells.nth(i).locator(".katex").count() for i in range(2)] == [1, 1]
    assert sections[len(CORPUS)][:2] == [2, 0]  # the table's section: both formulas, no error
    hostile = page.locator("#faq .faq-item").last
    assert hostile.locator("img, b").count() == 0 and page.evaluate("window.__pwned === undefined")
    assert "\\begin{<b>}x\\end{<b>}" in hostile.inner_text()  # not a math environment: text as written
    assert page.errors == []
    faq = page.locator("#faq .faq-item").nth(
        next(n for n, s in enumerate(CORPUS) if s["tex"].startswith("\\begin{align}"))
    )
    faq.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "math-corpus-faq.png"), full_page=False)


def test_math_wider_than_a_phone_scrolls_on_its_own_and_the_page_does_not(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    p = context.new_page()
    p.goto(site_url + f"arxiv/{WIDE_ID}/index.html")
    p.wait_for_function("document.documentElement.classList.contains('math-done')")
    p.locator("#faq .katex-display").wait_for()
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    for formula in [".abstract .math.inline", "#faq .katex-display"]:
        box = p.locator(formula).first
        assert box.evaluate("e => e.scrollWidth > e.clientWidth"), formula  # it is wider: it scrolls
        right = box.evaluate("e => e.getBoundingClientRect().right")
        assert right <= 360, (formula, right)
    assert p.locator(".abstract .math.inline.wide").count() == 1
    assert p.locator(".abstract .math.inline.wide").get_attribute("tabindex") == "0"  # a keyboard can scroll it
    ARTIFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / "math-wide-phone.png"), full_page=True)
    # In the listing, where the entry is typeset when it comes near the view.
    p.goto(site_url + f"cs.AI/{CORPUS_DATE}/index.html")
    entry = p.locator(f"[id='p-{WIDE_ID}']")
    entry.scroll_into_view_if_needed()
    p.wait_for_function(f"document.getElementById('p-{WIDE_ID}').classList.contains('typeset')")
    assert entry.locator(".math.inline.wide").count() == 1
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_bibtex_keeps_environments_as_written_and_escapes_prices(page, site_url):
    bibtexparser = pytest.importorskip("bibtexparser")
    page.goto(site_url + f"cs.AI/{CORPUS_DATE}/index.html")
    page.wait_for_function("document.documentElement.classList.contains('reader-ready')")
    env = next(n for n, s in enumerate(CORPUS) if s["tex"].startswith("\\begin{align*}"))
    price = next(n for n, s in enumerate(CORPUS) if s["tex"].startswith("costs $5"))
    titles = []
    for n in (env, price):
        text = page.evaluate(f"window.digestBibtex(document.getElementById('p-{pid(n)}'))")
        lib = bibtexparser.parse_string(text)
        assert not lib.failed_blocks and len(lib.entries) == 1, text
        titles.append(lib.entries[0]["title"])
    assert titles[0] == f"Corpus {env}: " + CORPUS[env]["tex"]  # & and \\ inside the environment untouched
    assert titles[1] == f"Corpus {price}: costs \\$5 and \\$10 per run, with a \\$2 fee"


EDGES = [
    "costs $5 and $10 per run, with a $2 fee",
    "$5-$10, $5, not $x$, $\\pm$5%, US$100 and US$200",
    "a $x$ b $$y$$ c \\(z\\) d \\[w\\] e",
    "\\begin{align}a&=b\\\\c\\end{align} then \\begin{itemize}\\item x\\end{itemize}",
    "\\begin{align} never closed, and $$ never closed",
    "\\$x\\$ and \\\\$y$ and $\\$5$",
    "$\\texttt{M$^3$Net}$ and $a{b$ c} $d$",
    "\\begin{array}{c} \\begin{array}{c} a \\end{array} \\end{array} tail",
    "\\begin {equation} x \\end {equation} and \\begin{equation}\\text{\\end{equation}}\\end{equation}",
    "$a$$b$ and $$a$b$$ and $ $ and $$$$",
]


def test_the_server_and_the_reader_script_find_the_same_math(page):
    """The FAQ's Markdown is rendered by Python and scanned again by the reader script: texmath must
    split every text exactly where splitMath does, or one of them typesets what the other left."""
    source = (REPO / "generator" / "static" / "app" / "20-math.js").read_text(encoding="utf-8")
    texts = [s["tex"] for s in CORPUS] + EDGES
    found = page.evaluate(
        "([src, texts]) => { const split = new Function(src + '\\nreturn splitMath;')();"
        " return texts.map(t => split(t).map(p => 'tex' in p ? null : p.text)); }",
        [source, texts],
    )
    for text, parts in zip(texts, found):
        expected, last = [], 0
        for start, end in math_spans(text):
            expected += ([text[last:start]] if start > last else []) + [None]
            last = end
        expected += [text[last:]] if last < len(text) else []
        assert parts == expected, text
