"""The screening tools of issue 14 in a real browser, driven as a reader would (keys included): the
filter that hides (its query language, its count, the address), category combinations in the address,
search that reaches every result and jumps to ids, and day/page navigation by keyboard."""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import (
    ARTIFACTS,
    HOSTILE_DATE,
    SAMPLE_DATE,
    SHIFTS_JS,
    SiteServer,
    build_paged_site,
    build_site,
    make_test_content,
    render_test_content,
)

from generator.content.model import Author, Day
from generator.content.store import ContentStore

pytestmark = pytest.mark.browser

LISTING = f"cs.AI/{SAMPLE_DATE}/index.html"
TERM = "quokkaflux"
"""A word no real paper has: each of the SYNTHETIC papers carries it."""
SYNTHETIC = 215
SYNTH_DATE = "2026-06-22"
OLD_ID = "hep-th/9901001"
MATH_ID = "2606.80000"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site, _ = build_site(tmp_path_factory.mktemp("screening"))
    with SiteServer(site) as server:
        yield server.url


@pytest.fixture(scope="module")
def paged_url(tmp_path_factory):
    with SiteServer(build_paged_site(tmp_path_factory.mktemp("screening-paged"))) as server:
        yield server.url


def _synthetic_day(store: ContentStore) -> Day:
    """SYNTHETIC copies of the sample day's papers with new ids, each mentioning TERM (one with math
    in its abstract), and one old-style id."""
    sample = store.read_day(SAMPLE_DATE).papers
    papers = []
    for i in range(SYNTHETIC):
        src = sample[i % len(sample)]
        abstract = f"{TERM} study number {i}. " + src.abstract
        if i == 0:
            abstract = rf"{TERM} bounds: we prove $\alpha_{{n}} \le \beta^2$ for every n. " + src.abstract
        papers.append(
            dataclasses.replace(src, id=f"2606.{80000 + i}", version=1, abstract=abstract, announce_type="new")
        )
    # Its authors' names have accents, as arXiv lists them (the filter folds them); Müller is
    # behind "et al." (past the first three of five names).
    names = tuple(Author(n) for n in ("Ada Old", "Héctor Ruiz", "Bo Li", "Cy Dee", "José Müller"))
    old = dataclasses.replace(sample[0], id=OLD_ID, title="An old-style identifier", authors=names)
    papers.append(dataclasses.replace(old, categories=("cs.AI", "hep-th"), announce_type="new"))
    return Day(SYNTH_DATE, ("cs.AI",), tuple(papers))


@pytest.fixture(scope="module")
def search_url(tmp_path_factory):
    """The test site plus a day of SYNTHETIC papers matching TERM, with its search index."""
    tmp = tmp_path_factory.mktemp("screening-search")
    content = tmp / "content"
    make_test_content(content)
    store = ContentStore(content)
    store.write_day(_synthetic_day(store))
    with SiteServer(render_test_content(tmp)) as server:
        yield server.url


def ready(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.documentElement.classList.contains('reader-ready')")


def visible_ids(page) -> list[str]:
    return page.locator("article.paper:visible").evaluate_all("es => es.map(e => e.id)")


def visible_text(page) -> list[str]:
    """Title, authors and abstract of each visible paper, as published (math not yet typeset)."""
    return page.locator("article.paper:visible").evaluate_all(
        "es => es.map(e => [...e.querySelectorAll('h3, .authors, .abstract')].map(x => x.textContent).join(' ')"
        ".toLowerCase())"
    )


def shown_count(page) -> tuple[int, int]:
    """(N, M) of the bar's "N of M shown"."""
    m = re.search(r"(\d+) of (\d+) shown", page.locator("#kw-count").inner_text())
    assert m, page.locator("#kw-count").inner_text()
    return int(m.group(1)), int(m.group(2))


def type_filter(page, text: str) -> None:
    """Types a filter as a reader does: `e` focuses the box, then the keys, and waits for it to apply."""
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.id") == "kw"
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    page.keyboard.type(text)
    page.wait_for_function(
        "t => new URLSearchParams(location.search).get('f') === (window.digestQuery.parse(t) ? t.trim() : null)",
        arg=text,
        timeout=5000,
    )


# --- the query language, as a pure function -----------------------------------------------------------
PARSES = {
    "diffusion video": "diffusion AND video",
    "diffusion AND video": "diffusion AND video",
    "diffusion OR video": "diffusion OR video",
    "a OR b c": "a OR (b AND c)",
    "a b OR c": "(a AND b) OR c",
    "a, b c": "a OR (b AND c)",
    "a | b": "a OR b",
    "-survey": "NOT survey",
    "NOT survey": "NOT survey",
    "diffusion -survey -review": "diffusion AND NOT survey AND NOT review",
    "(a OR b) -c": "(a OR b) AND NOT c",
    "-(a OR b)": "NOT (a OR b)",
    "NOT NOT a": "NOT NOT a",
    '"large language model"': '"large language model"',
    '"large   Language\tmodel"': '"large language model"',
    '-"large language model" x': 'NOT "large language model" AND x',
    "au:hinton": "au:hinton",
    'au:"geoffrey hinton" ti:learn abs:graph': 'au:"geoffrey hinton" AND ti:learn AND abs:graph',
    "AU:Hinton": "au:hinton",
    "self-supervised": "self-supervised",
    "+word": "word",
    "not or and": "not AND or AND and",  # operators are capitals only
    # Hostile or half-typed input: never an error, never a regex.
    '"unbalanced quote': '"unbalanced quote"',
    '"single"': "single",
    '""': "",
    "-": "",
    "- -": "",
    "a -": "a",
    "NOT": "",
    "a OR": "a",
    "OR a": "a",
    "a AND AND b": "a AND b",
    "AND": "",
    "()": "",
    ")(": "",
    "(a": "a",
    "a)": "a",
    "((a OR b)": "a OR b",
    "a) OR (b": "a AND b",
    "au:": "",
    "au: x": "x",
    "a.*b": "a.*b",
    "[(?<=x)]": "[ AND ?<=x AND ]",
    "\\": "\\",
    "$^{2}$": "$^{2}$",
    "   ": "",
    ",,,": "",
}


def test_the_query_parser_reads_every_case_and_never_throws(page, site_url):
    ready(page, site_url + LISTING)
    got = page.evaluate(
        "cases => Object.fromEntries(cases.map(c => [c, window.digestQuery.text(window.digestQuery.parse(c))]))",
        list(PARSES),
    )
    assert got == PARSES
    # Deep nesting and very long input stop gracefully instead of exhausting the stack.
    assert page.evaluate("window.digestQuery.parse('('.repeat(900) + 'a').op") == "term"
    assert page.evaluate("window.digestQuery.text(window.digestQuery.parse('a '.repeat(5000)))").count("a") == 500


MATCHES = [
    # (query, fields, expected)
    ("learn", {"any": "deep learning for all"}, True),  # a word's start
    ("earn", {"any": "deep learning for all"}, False),  # not inside a word
    ("a.*b", {"any": "a.*b literally"}, True),
    ("a.*b", {"any": "axxb"}, False),
    ("(x", {"any": "(x) in brackets"}, True),
    ('"large language"', {"any": "large\nlanguage models"}, True),
    ('"large language"', {"any": "language large"}, False),
    ("diffusion -survey", {"any": "diffusion: a survey"}, False),
    ("diffusion -survey", {"any": "diffusion models"}, True),
    ("au:hinton", {"any": "hinton in the abstract", "authors": "ada lovelace"}, False),
    ("au:hinton", {"any": "x", "authors": "geoffrey e. hinton"}, True),
    ("ti:graph OR au:ada", {"any": "", "title": "trees", "authors": "ada lovelace"}, True),
    ("a b OR c", {"any": "c only"}, True),
    ("a b OR c", {"any": "a only"}, False),
    ("au:müller", {"authors": "jose muller"}, True),  # the query is folded as the fields are
    ("au:MÜLLER", {"authors": "jose muller"}, True),
]


def test_a_compiled_query_matches_as_documented(page, site_url):
    ready(page, site_url + LISTING)
    got = page.evaluate(
        """cases => cases.map(([q, f]) => {
            const fields = Object.assign({any: '', title: '', authors: '', abstract: ''}, f);
            return window.digestQuery.compile(window.digestQuery.parse(q))(fields); })""",
        [[q, f] for q, f, _ in MATCHES],
    )
    assert got == [want for _, _, want in MATCHES]


# --- the filter on a page ------------------------------------------------------------------------------
def test_a_filter_hides_the_rest_and_its_count_is_what_is_shown(page, site_url):
    ready(page, site_url + LISTING)
    total = page.locator("article.paper").count()
    type_filter(page, "learning -reinforcement")
    n, m = shown_count(page)
    texts = visible_text(page)
    assert m == total and n == len(texts) and 0 < n < total
    assert all(re.search(r"\blearning", t) and not re.search(r"\breinforcement", t) for t in texts)
    # The matched word is marked in the papers near the view (the rest as they come into view).
    first = page.locator("article.paper:visible").first
    first.locator("mark.kw").first.wait_for()
    assert {m.lower() for m in first.locator("mark.kw").all_inner_texts()} == {"learning"}
    last = page.locator("article.paper:visible").last
    last.scroll_into_view_if_needed()
    last.locator("mark.kw").first.wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    # The type counts follow the filter: "All" is what is shown.
    all_label = page.locator(".type-filter label").first.inner_text()
    assert f"({n})" in all_label
    # Keeping the rest: everything is back, matches are counted, and "matches first" floats them.
    page.uncheck("#kw-only")
    assert page.locator("article.paper:visible").count() == total
    assert page.locator("#kw-count").inner_text().startswith(f"{n} matching · {total} of {total} shown")
    page.check("#kw-top")
    order = page.locator("article.paper").evaluate_all("es => es.map(e => e.classList.contains('kw-match'))")
    assert order == sorted(order, reverse=True) and sum(order) == n
    assert parse_qs(urlsplit(page.url).query)["fm"] == ["first"]


@pytest.mark.parametrize("where", ["", LISTING])
def test_a_type_and_a_filter_that_leave_nothing_say_so_below_the_bar(page, site_url, where):
    # The filter matches a paper, but not one of the type shown: the page would be blank.
    ready(page, site_url + where)
    papers = page.locator("article.paper").evaluate_all(
        "es => es.map(e => [e.dataset.type, e.querySelector('h3').textContent.trim()])"
    )
    kind = next(t for t in ("cross", "replace", "new") if any(k.startswith(t) for k, _ in papers))
    others = [t for k, t in papers if not k.startswith(kind) and not k.endswith(kind) and not re.search(r'["$\\]', t)]
    # The home page of the sample has new papers only: there, a filter that matches none of them.
    words = f'"{others[0]}"' if others else "zzqqxnomatch"
    page.locator(f".type-filter input[value='{kind}']").check()
    status = page.locator("#reader-status")
    status.get_by_text("papers shown").wait_for()
    box = page.locator("#kw").bounding_box()
    type_filter(page, words)
    notice = page.locator("#nothing-shown")
    notice.wait_for()
    noun = {"new": "new paper", "cross": "cross-list", "replace": "replacement"}[kind]
    assert notice.inner_text().startswith(f"No {noun} ") and "matches the filter" in notice.inner_text()
    assert page.locator("article.paper:visible").count() == 0 and shown_count(page)[0] == 0
    # The message counting the type's papers went with the filter; the box did not move.
    assert status.inner_text() == ""
    assert page.locator("#kw").bounding_box()["y"] == box["y"]
    page.locator(".type-filter input[value='all']").check()
    if others:  # the paper the filter matches is shown again
        assert notice.is_hidden() and page.locator("article.paper:visible").count() == 1
    else:
        assert notice.inner_text().startswith("No paper ") and "matches the filter" in notice.inner_text()


def test_filter_syntax_on_real_papers(page, site_url):
    ready(page, site_url + LISTING)
    type_filter(page, "benchmark")
    bench = set(visible_ids(page))
    type_filter(page, "agent")
    agent = set(visible_ids(page))
    type_filter(page, "benchmark OR agent")
    assert set(visible_ids(page)) == bench | agent
    type_filter(page, "benchmark agent")
    assert set(visible_ids(page)) == bench & agent
    type_filter(page, "benchmark NOT agent")
    assert set(visible_ids(page)) == bench - agent
    assert shown_count(page)[0] == len(bench - agent)
    # An author filter looks at the authors only, and unhides a name behind "et al.".
    first = page.locator("article.paper:has(button.more-authors)").first
    pid = first.get_attribute("id")
    hidden_name = first.evaluate("a => a.querySelector('.authors .rest').textContent").split(",")[-1].strip()
    surname = hidden_name.split()[-1]
    type_filter(page, f'au:"{hidden_name}"')
    assert pid in visible_ids(page)
    authors = page.locator("article.paper:visible .authors").all_inner_texts()
    assert all(hidden_name.lower() in a.lower() for a in authors)
    page.locator(f"[id='{pid}'] .authors mark.kw").first.wait_for()
    assert surname in page.locator(f"[id='{pid}'] .authors mark.kw").all_inner_texts()[-1]
    # A phrase is a phrase: its words in that order.
    type_filter(page, '"language models"')
    assert all("language models" in re.sub(r"\s+", " ", t) for t in visible_text(page))
    # Hostile input filters nothing out by mistake and throws nothing.
    total = page.locator("article.paper").count()
    for text in ('"unbalanced', "(((", "-", ".*", "[a-z]+", ")"):
        type_filter(page, text)
        label = page.locator("#kw-count").inner_text()  # empty when the text filters nothing out
        assert (shown_count(page)[0] if label else total) == page.locator("article.paper:visible").count()
    assert page.errors == []


def test_a_filtered_view_round_trips_through_its_address(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    ready(p, site_url + LISTING)
    type_filter(p, 'learning OR "language model" -survey')
    p.locator(".type-filter input[value='new']").check()
    ids, url = visible_ids(p), p.url
    assert "show=new" in url and "f=" in url
    context.close()
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    q = fresh.new_page()
    ready(q, url)
    assert visible_ids(q) == ids and q.input_value("#kw") == 'learning OR "language model" -survey'
    assert q.locator(".type-filter input[value='new']").is_checked()
    assert shown_count(q)[0] == len(ids)
    assert q.evaluate("localStorage.getItem('digest.keywords')") is None  # a link does not overwrite yours
    # The view goes along to the previous day and back (the day links carry it).
    q.keyboard.press("[")
    q.wait_for_url(f"**/cs.AI/{HOSTILE_DATE}/**")
    q.wait_for_function("document.documentElement.classList.contains('reader-ready')")
    assert q.input_value("#kw") == 'learning OR "language model" -survey'
    fresh.close()


def test_a_stored_filter_is_applied_without_moving_the_page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    ready(p, site_url + LISTING)
    p.evaluate("localStorage.setItem('digest.keywords', JSON.stringify('learning'))")
    ready(p, site_url + LISTING)
    p.wait_for_load_state("load")
    assert p.evaluate(SHIFTS_JS) < 0.005
    assert p.input_value("#kw") == "learning" and "f=learning" in p.url  # reflected, so it can be shared
    assert shown_count(p)[0] == p.locator("article.paper:visible").count()
    assert not p.evaluate("document.documentElement.classList.contains('choosing')")
    context.close()


# --- category combinations in the address -----------------------------------------------------------------
def test_a_code_in_the_address_that_arxiv_does_not_have_is_left_out_and_named(page, site_url):
    # ?cats=nonsense used to choose a category no paper has: every paper was hidden, with no word why.
    ready(page, site_url + "index.html?cats=nonsense+cs.AI-cs.XX")
    page.wait_for_function("document.querySelectorAll('article.paper.is-filtered').length > 0")
    cats = page.locator("article.paper:visible").evaluate_all("es => es.map(e => e.dataset.categories.split(' '))")
    assert cats and all("cs.AI" in c for c in cats)
    summary = page.locator(".cat-picker .choice").inner_text()
    assert "Showing: cs.AI" in summary and "not arXiv categories, left out: nonsense, cs.XX" in summary, summary
    ready(page, site_url + "index.html?cats=nonsense")
    page.wait_for_function("document.querySelector('.cat-picker .choice').textContent.includes('nonsense')")
    assert page.locator(".cat-picker .choice").inner_text().startswith("Showing all categories")
    assert page.locator("article.paper:visible").count() > 0
    # The address is anyone's text: a few names, each short.
    ready(page, site_url + "index.html?cats=" + "+".join(["a" * 60] + [f"x{c}" for c in "abcdefghi"]))
    page.wait_for_function("document.querySelector('.cat-picker .choice').textContent.includes('left out')")
    named = page.locator(".cat-picker .choice").inner_text().split("left out: ")[1].split(", ")
    assert named == ["a" * 40 + "…", "xa", "xb", "xc", "xd and 5 more"], named
    # A code is a code whatever its letter case (a link typed by hand), shown as arXiv spells it.
    ready(page, site_url + "index.html?cats=CS.ai")
    page.wait_for_function("document.querySelectorAll('article.paper.is-filtered').length > 0")
    assert page.locator(".cat-picker .choice").inner_text().startswith("Showing: cs.AI (from the link)")


def test_a_category_combination_in_the_address_wins_and_says_so(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    ready(p, site_url)
    p.evaluate("localStorage.setItem('digest.categories', JSON.stringify(['cs.CV']))")
    ready(p, site_url + "index.html?cats=cs.AI+cs.CL-cs.LG")
    p.wait_for_function("document.querySelectorAll('article.paper.is-filtered').length > 0")
    cats = p.locator("article.paper:visible").evaluate_all("es => es.map(e => e.dataset.categories.split(' '))")
    assert cats and all(("cs.AI" in c or "cs.CL" in c) and "cs.LG" not in c for c in cats)
    summary = p.locator(".cat-picker .choice").inner_text()
    assert "cs.AI, cs.CL, not cs.LG" in summary and "from the link" in summary
    assert p.evaluate("localStorage.getItem('digest.categories')") == '["cs.CV"]'
    assert shown_count(p)[0] == len(cats)
    p.keyboard.press("c")
    assert p.locator(".cats-from-link").is_visible() and p.input_value("#cats-spec") == "cs.AI+cs.CL-cs.LG"
    p.locator(".cats-keep").click()
    assert p.evaluate("localStorage.getItem('digest.categories')") == '["cs.AI","cs.CL","-cs.LG"]'
    assert "from the link" not in p.locator(".cat-picker .choice").inner_text()
    # Typed as text, with a hyphenated code and an archive: all of cs except cs.CV.
    p.fill("#cats-spec", "cs-cs.CV")
    p.press("#cats-spec", "Enter")
    p.wait_for_function("new URLSearchParams(location.search).get('cats') === 'cs-cs.CV'")
    cats = p.locator("article.paper:visible").evaluate_all("es => es.map(e => e.dataset.categories.split(' '))")
    assert cats and all(any(x.startswith("cs.") for x in c) and "cs.CV" not in c for c in cats)
    url, ids = p.url, visible_ids(p)
    context.close()
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    q = fresh.new_page()
    ready(q, url)
    q.wait_for_function("document.querySelectorAll('article.paper.is-filtered').length > 0")
    assert visible_ids(q) == ids
    fresh.close()


def test_exclusions_read_hyphenated_codes(page, site_url):
    ready(page, site_url)
    page.wait_for_function("fetch('static/taxonomy.json').then(r => r.ok)")
    known = page.evaluate(
        "fetch('static/taxonomy.json').then(r => r.json()).then(d => d.archives.flatMap(a => [a.id,"
        " ...a.categories.map(c => c[0])]))"
    )
    cases = {
        "cs.AI cs.LG-cs.CY": ["cs.AI", "cs.LG", "-cs.CY"],
        "cs-cs.CY": ["cs", "-cs.CY"],
        "astro-ph.GA-hep-th": ["astro-ph.GA", "-hep-th"],
        "cond-mat.mes-hall-cs.LG": ["cond-mat.mes-hall", "-cs.LG"],
        "-cs.CY": ["-cs.CY"],
        "cs.AI,cs.AI": ["cs.AI"],
        "<script>": [],
        "": [],
    }
    got = page.evaluate("([cs, k]) => cs.map(c => window.digestQuery.choice(c, k))", [list(cases), known])
    assert got == list(cases.values())


# --- search --------------------------------------------------------------------------------------------
def test_search_reaches_every_result(page, search_url):
    ready(page, search_url + f"index.html?q={TERM}")  # ?q= runs on load
    status = page.locator("#search-results [role=status]")
    page.wait_for_function(
        "/^up to \\d+ papers/.test(document.querySelector('#search-results [role=status]').textContent)"
    )
    upper = int(status.inner_text().split()[2])
    # Pagefind may add a near miss from a day's shard that lacks the word: at least every synthetic one.
    assert SYNTHETIC <= upper <= SYNTHETIC + 4
    assert page.locator("#search-results li").count() == 25  # paged: a full first page, not everything
    more = page.locator("#search-results .search-more")
    while more.is_visible():
        before = page.locator("#search-results li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {before}")
    links = page.locator("#search-results li a")
    total = links.count()
    # Everything loaded: the count is exact, and it is the number of papers listed.
    assert status.inner_text() == f"{total} papers"
    assert SYNTHETIC <= total <= upper
    hrefs = links.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert len(set(hrefs)) == total
    assert {f"2606.{80000 + i}" for i in range(SYNTHETIC)} <= {h.split("/")[-2] for h in hrefs}
    # Result 200 is a real result, titled by its paper (not by its address), and opens its page.
    item = links.nth(199)
    title = item.inner_text()
    assert title and not title.startswith("/arxiv/")
    item.click()
    page.wait_for_url("**/arxiv/**")
    assert page.locator("h1").inner_text() == title


@pytest.mark.parametrize("word", ["xqzvvqj", "quokkafluxion"])
def test_a_word_in_no_paper_finds_nothing_not_papers_sharing_its_first_letters(page, search_url, word):
    # Pagefind backs off to the longest prefix an index has ("Hinton" found "HiLO" and three more by
    # their "Hi"; "xqzvvqj" found papers by an "x"): such stand-ins are not shown.
    ready(page, search_url + f"index.html?q={word}")
    status = page.locator("#search-results [role=status]")
    status.get_by_text("No paper matches.").wait_for()
    assert page.locator("#search-results li").count() == 0


def test_a_word_still_being_typed_finds_the_words_it_starts(page, search_url):
    ready(page, search_url + f"index.html?q={TERM[:-3]}")
    page.wait_for_function(
        "/^up to \\d+ papers/.test(document.querySelector('#search-results [role=status]').textContent)"
    )
    marks = page.locator("#search-results li .excerpt mark").all_inner_texts()
    assert page.locator("#search-results li").count() == 25
    assert marks and all(m.lower().startswith(TERM[:-3]) for m in marks)


def test_search_excerpts_typeset_their_math(page, search_url):
    ready(page, search_url)
    page.fill("#search-q", f"{TERM} bounds")
    page.locator("#search-results li .excerpt .katex").first.wait_for()
    assert page.locator("#search-results script, #search-results img").count() == 0


@pytest.mark.parametrize(
    "typed",
    [
        "2606.80007",
        "2606.80007v1",
        "arXiv:2606.80007",
        " ARXIV:2606.80007v3 ",
        "https://arxiv.org/abs/2606.80007v2",
        "arxiv.org/pdf/2606.80007.pdf",
        "https://export.arxiv.org/html/2606.80007v1/",
    ],
)
def test_an_id_typed_in_search_goes_to_its_paper(page, search_url, typed):
    ready(page, search_url + LISTING)
    page.keyboard.press("/")
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.wait_for_url("**/arxiv/2606.80007/**")


def test_old_style_ids_and_missing_ids(page, search_url):
    ready(page, search_url + "index.html?q=" + OLD_ID)  # from the address: goes there at once
    page.wait_for_url("**/arxiv/hep-th_9901001/**")
    assert page.locator("h1").inner_text() == "An old-style identifier"
    ready(page, search_url + "index.html?q=arXiv:hep-th/9912999")
    status = page.locator("#search-results [role=status]")
    status.get_by_text("is not on this site").wait_for()
    assert status.locator("a").get_attribute("href") == "https://arxiv.org/abs/hep-th/9912999"
    assert page.url.endswith("index.html?q=arXiv:hep-th/9912999")


def test_author_filters_fold_accents(page, search_url):
    # "au:muller" finds Müller and a phrase "hector ruiz" finds Héctor Ruiz (an accented query
    # finding a plain name is in MATCHES).
    ready(page, search_url + f"cs.AI/{SYNTH_DATE}/index.html")
    old = "p-" + OLD_ID.replace("/", "_")
    type_filter(page, "au:muller")
    assert visible_ids(page) == [old], visible_ids(page)
    marks = page.locator(f"[id='{old}'] .authors mark.kw")
    marks.first.wait_for()
    assert marks.all_inner_texts() == ["Müller"]  # marked as written, as it was matched: folded
    assert marks.first.is_visible()  # the names behind "et al." are shown, where the match is
    type_filter(page, 'au:"hector ruiz"')
    assert visible_ids(page) == [old]
    page.wait_for_function(f"document.querySelector(\"[id='{old}'] .authors mark.kw\").textContent === 'Héctor Ruiz'")
    type_filter(page, "au:müller")
    assert visible_ids(page) == [old]


def test_search_filters_by_category_and_day_from_the_address(page, search_url):
    ready(page, search_url + f"index.html?q={TERM}&day={SYNTH_DATE}&category=cs.GT")
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    assert page.input_value("#search-day") == SYNTH_DATE and page.input_value("#search-cat") == "cs.GT"
    # The menu counts papers (from shards.json), not Pagefind's records summed over the shards.
    counts = page.evaluate("fetch('pagefind/shards.json').then(r => r.json()).then(j => j.papers.category)")
    assert page.locator("#search-cat option[value='cs.AI']").inner_text() == f"cs.AI ({counts['cs.AI']})"
    n = int(re.search(r"(\d+) papers?", page.locator("#search-results [role=status]").inner_text()).group(1))
    assert 0 < n < SYNTHETIC
    page.select_option("#search-cat", "")
    # One day's shard: no paper repeats, so "up to" the total is the total.
    page.wait_for_function(
        f"/^(up to )?{SYNTHETIC} papers/.test(document.querySelector('#search-results [role=status]').textContent)"
    )


# --- day and page navigation by keyboard ------------------------------------------------------------------
def test_brackets_go_to_the_previous_and_next_day(page, site_url):
    ready(page, site_url + LISTING)
    page.keyboard.press("]")
    page.locator("#reader-status").get_by_text("This is the newest day").wait_for()
    page.keyboard.press("[")
    page.wait_for_url(f"**/cs.AI/{HOSTILE_DATE}/index.html")
    page.wait_for_function("document.documentElement.classList.contains('reader-ready')")
    page.keyboard.press("]")
    page.wait_for_url(f"**/cs.AI/{SAMPLE_DATE}/index.html")
    page.wait_for_function("document.documentElement.classList.contains('reader-ready')")
    page.keyboard.press("[")
    page.wait_for_url(f"**/cs.AI/{HOSTILE_DATE}/index.html")
    page.wait_for_function("document.documentElement.classList.contains('reader-ready')")
    page.keyboard.press("[")
    page.locator("#reader-status").get_by_text("This is the oldest day").wait_for()
    ready(page, site_url + f"days/{SAMPLE_DATE}/index.html")  # the day pages too
    page.keyboard.press("[")
    page.wait_for_url(f"**/days/{HOSTILE_DATE}/index.html")


def test_j_past_the_last_paper_continues_on_the_next_page(page, paged_url):
    ready(page, paged_url + f"cs/{SAMPLE_DATE}/index.html")
    n = page.locator("article.paper:visible").count()
    last = page.locator("article.paper:visible").last.get_attribute("id")
    for _ in range(n):
        page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == last
    page.keyboard.press("j")
    page.wait_for_url(f"**/cs/{SAMPLE_DATE}/2/index.html")
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('current')")
    first = page.locator("article.paper:visible").first.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("k")  # before the first: the previous page's last paper
    page.wait_for_url(f"**/cs/{SAMPLE_DATE}/index.html")
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('current')")
    assert page.evaluate("document.activeElement.id") == last
    # A filter goes along: the next page opens filtered, at its first match.
    type_filter(page, "learning")
    shown = page.locator("article.paper:visible")
    shown.last.evaluate("a => { a.tabIndex = -1; a.focus(); }")
    page.keyboard.press("j")
    page.wait_for_url(f"**/cs/{SAMPLE_DATE}/2/index.html?f=learning")
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('current')")
    assert page.evaluate("document.activeElement.id") == page.locator("article.paper:visible").first.get_attribute("id")
    assert "learning" in page.locator("article.paper.current").inner_text().lower()


def test_the_help_lists_every_key(page, site_url):
    ready(page, site_url)
    page.keyboard.press("?")
    keys = page.locator("#keys-help dt").all_inner_texts()
    for key in ("j / k", "o", "p", "f", "[ / ]", "e", "c", "/", "?", "Esc"):
        assert key in keys, keys
    listed = page.evaluate("[...document.querySelectorAll('#keys-help dd')].map(d => d.textContent)")
    assert any("day" in d for d in listed) and any("filter" in d for d in listed)


@pytest.mark.parametrize("width,height", [(360, 740), (1280, 900)])
def test_screenshots_of_a_filtered_page(browser, site_url, width, height):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    p = context.new_page()
    ready(p, site_url + "index.html?f=learning+-reinforcement&cats=cs.AI+cs.CL-cs.LG")
    p.wait_for_function("document.querySelectorAll('article.paper.is-filtered').length > 0")
    p.wait_for_timeout(150)
    p.screenshot(path=str(ARTIFACTS / f"screening-filtered-{width}.png"))
    overflow = p.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    box = p.locator("article.paper:visible h3").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, box
    assert shown_count(p)[0] == p.locator("article.paper:visible").count()
    context.close()
