"""The reader's experience in a real browser: Debian's Chromium driven by Playwright, against the sample
site built once per session and served from 127.0.0.1. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from browser_support import (
    ARTIFACTS,
    AXE_JS,
    HOSTILE_DATE,
    HOSTILE_ID,
    PAGE_SIZE,
    PRICE_ID,
    SAMPLE_DATE,
    SHIFTS_JS,
    VNU_JAR,
    HeldPage,
    SiteServer,
    build_paged_site,
    build_site,
    require,
)

pytestmark = pytest.mark.browser

LISTING = f"cs.AI/{SAMPLE_DATE}/index.html"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    site, faq_id = build_site(tmp_path_factory.mktemp("browser"))
    return site, faq_id


@pytest.fixture(scope="session")
def site_url(built):
    with SiteServer(built[0]) as server:
        yield server.url


@pytest.fixture(scope="session")
def paged(tmp_path_factory):
    """The sample site with listing_page_size=PAGE_SIZE, served from 127.0.0.1: (site dir, url)."""
    site = build_paged_site(tmp_path_factory.mktemp("paged"))
    with SiteServer(site) as server:
        yield site, server.url


PAGED = [f"cs/{SAMPLE_DATE}/2/index.html", f"days/{SAMPLE_DATE}/2/index.html", "index.html"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.errors = []
    p.on("pageerror", lambda err: p.errors.append(str(err)))
    p.on("console", lambda msg: p.errors.append(msg.text) if msg.type == "error" else None)
    yield p
    context.close()


def axe_violations(page, tags=("wcag2a", "wcag2aa")) -> list:
    require("axe-core (npm ci)", AXE_JS.is_file())
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags))
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]


def ready(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.documentElement.classList.contains('reader-ready')")


def test_category_choice_persists_across_reloads(page, site_url):
    ready(page, site_url)
    total = page.locator("article.paper").count()
    assert total == 266 and page.locator("article.paper:visible").count() == total
    page.locator(".cat-picker summary").click()
    page.locator(".picker-form input[value='cs.CL']").check()
    shown = page.locator("article.paper:visible")
    assert 0 < shown.count() < total
    assert all("cs.CL" in c.split() for c in shown.evaluate_all("els => els.map(e => e.dataset.categories)"))
    page.reload()
    page.wait_for_function("document.querySelectorAll('article.paper.is-filtered').length > 0")
    assert page.locator("article.paper:visible").count() == shown.count()
    assert "cs.CL" in page.locator(".cat-picker .choice").inner_text()
    assert (
        page.locator("section.cat-group[data-category='cs.CV']").is_hidden()
        or page.locator("section.cat-group[data-category='cs.CV'] article.paper:visible").count() > 0
    )
    # A whole archive: every cs paper again. Then back to everything.
    page.locator(".cat-picker summary").click()
    page.locator(".picker-form input[value='cs.CL']").uncheck()
    page.locator(".picker-form input[value='cs']").check()
    assert page.locator("article.paper:visible").count() == total
    page.get_by_role("button", name="Show all categories").click()
    page.reload()
    page.wait_for_function("document.querySelector('.cat-picker') !== null")
    assert page.locator("article.paper:visible").count() == total


def test_an_alias_choice_shows_its_canonical_category_and_counts_follow_the_choice(page, site_url):
    ready(page, site_url)
    page.locator(".cat-picker summary").click()
    page.locator(".more-cats > summary").click()  # math.IT is not a category this site covers
    page.locator(".picker-form input[value='math.IT']").wait_for()
    page.locator(".picker-form input[value='cs.IT']").check()
    by_canonical = page.locator("article.paper:visible").count()
    page.locator(".picker-form input[value='cs.IT']").uncheck()
    page.locator(".picker-form input[value='math.IT']").check()  # an alias: papers are listed as cs.IT
    assert page.locator("article.paper:visible").count() == by_canonical > 0
    assert page.locator("#nothing-shown").is_hidden()
    # The type filter counts what the choice shows, not the whole day.
    counts = {
        lbl.split()[0]: int(re.search(r"\((\d+)\)", lbl).group(1))
        for lbl in page.locator(".type-filter label").all_inner_texts()
    }
    assert counts["All"] == by_canonical
    # Papers shown only as cross-lists of the choice count and read as cross-lists, as on arXiv.
    crossed = page.locator("article.paper:visible").evaluate_all(
        "es => es.filter(e => e.dataset.categories.split(' ')[0] !== 'cs.IT').map(e => e.querySelector('.kind').textContent)"
    )
    assert counts["Cross-lists"] == len(crossed) and set(crossed) <= {"cross"}
    assert counts["New"] == by_canonical - len(crossed)


def test_keys_work_after_using_the_filters_and_focus_survives_the_faq(page, site_url, built):
    faq_id = built[1]
    ready(page, site_url + LISTING)
    page.locator(".type-filter input[value='new']").check()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.classList.contains('current')"), "j after a radio"
    page.uncheck("#kw-only")  # "matches first" is for when the papers that do not match stay
    page.check("#kw-top")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.classList.contains('current')"), "j after a checkbox"
    # Tab to the FAQ link, open it with Enter: focus stays on the link, and Enter closes it again.
    link = page.locator(f"[id='p-{faq_id}'] a.faq")
    link.focus()
    page.keyboard.press("Enter")
    page.locator(f"[id='p-{faq_id}'] .faq-inline").get_by_text("FAQ-MARKER-TEXT").wait_for()
    page.wait_for_timeout(200)
    assert page.evaluate("document.activeElement.classList.contains('faq')")
    page.keyboard.press("Enter")
    assert page.locator(f"[id='p-{faq_id}'] .faq-inline").is_hidden()


def test_a_keyword_hidden_behind_et_al_is_shown_and_marked(page, site_url):
    ready(page, site_url + LISTING)
    art = page.locator("article.paper:has(button.more-authors)").first
    pid = art.get_attribute("id")
    art = page.locator(f"[id='{pid}']")  # the :has() locator would move on once the button is gone
    shown = art.locator(".authors").inner_text()
    art.locator("button.more-authors").click()
    surname = art.locator(".authors").inner_text().split(",")[-1].split()[-1]
    assert surname not in shown
    ready(page, site_url + LISTING)
    page.fill("#kw", surname)
    art = page.locator(f"[id='{pid}']")
    art.locator(".authors mark.kw").first.wait_for()
    assert surname in art.locator(".authors mark.kw").all_inner_texts()
    assert art.locator("button.more-authors").count() == 0
    count = page.locator("#kw-count").inner_text()
    assert int(count.split()[0]) == page.locator("article.kw-match:visible").count()
    page.fill("#kw", "")


def test_j_keeps_the_current_title_clear_of_the_sticky_bar(browser, site_url):
    context = browser.new_context(viewport={"width": 720, "height": 620})
    p = context.new_page()
    ready(p, site_url + LISTING)
    # Down past papers taller than the view, then back up: j and k both leave the title readable.
    for key in "jjjjjjjjjjkkkkkk":
        p.keyboard.press(key)
        gap = p.evaluate("""(() => {
            const bar = document.querySelector('.reader-bar').getBoundingClientRect();
            const title = document.activeElement.querySelector('h3').getBoundingClientRect();
            return title.top - bar.bottom; })()""")
        assert gap >= 0, (key, gap)
    context.close()


def test_choices_hold_for_the_page_view_when_storage_is_blocked(browser, site_url):
    context = browser.new_context()
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    p = context.new_page()
    ready(p, site_url + LISTING)
    p.locator(".theme-switch").click()
    assert p.locator(".theme-switch").inner_text() == "Theme: dark"
    p.locator(".theme-switch").click()
    assert p.evaluate("document.documentElement.dataset.theme") == "light"
    p.fill("#kw", "learning")
    p.wait_for_function("document.querySelectorAll('article.kw-match mark.kw').length > 0")
    assert int(p.locator("#kw-count").inner_text().split()[0]) > 0
    context.close()


def test_home_lists_every_paper_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    p.goto(site_url)
    assert p.locator("article.paper:visible").count() == 266
    context.close()


def test_keyboard_moves_focus_scrolls_and_toggles_faq(page, site_url, built):
    faq_id = built[1]
    ready(page, site_url + LISTING)
    page.keyboard.press("j")
    first = page.evaluate("document.activeElement.id.slice(2)")
    assert first == faq_id
    page.keyboard.press("j")
    second = page.evaluate("document.activeElement.id.slice(2)")
    assert second != first and page.evaluate("document.activeElement.classList.contains('current')")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id.slice(2)") == first
    page.keyboard.press("f")
    inline = page.locator(f"[id='p-{faq_id}'] .faq-inline")
    inline.get_by_text("FAQ-MARKER-TEXT").wait_for()
    inline.locator(".katex").first.wait_for()  # KaTeX arrives with the first math on the page
    assert inline.locator(".katex").count() == 1
    assert page.locator(f"[id='p-{faq_id}'] a.faq").get_attribute("aria-expanded") == "true"
    page.keyboard.press("f")
    assert inline.is_hidden()
    for _ in range(25):
        page.keyboard.press("j")
    box = page.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.bottom, innerHeight]; })()"
    )
    assert box[0] >= 0 and box[0] < box[2], box  # the current paper starts inside the viewport
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "focus must be visible"
    page.keyboard.press("?")
    assert page.locator("#keys-help").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#keys-help").is_hidden()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert page.errors == []


def test_o_and_p_open_arxiv_in_a_new_tab(page, site_url):
    ready(page, site_url + LISTING)
    page.route(re.compile(r"^https://arxiv\.org/.*"), lambda route: route.fulfill(status=200, body="stub"))
    page.context.route(re.compile(r"^https://arxiv\.org/.*"), lambda route: route.fulfill(status=200, body="stub"))
    page.keyboard.press("j")
    pid = page.evaluate("document.activeElement.id.slice(2)")
    with page.context.expect_page() as opened:
        page.keyboard.press("p")
    assert opened.value.url.endswith(f"/pdf/{pid}") or f"/pdf/{pid}" in opened.value.url


def test_faq_link_expands_in_place_with_the_mouse(page, site_url, built):
    faq_id = built[1]
    ready(page, site_url)
    page.locator(f"[id='p-{faq_id}'] a.faq").click()
    page.locator(f"[id='p-{faq_id}'] .faq-inline").get_by_text("FAQ-MARKER-TEXT").wait_for()
    assert page.url.rstrip("/") + "/" == site_url or page.url.endswith("index.html")


def test_type_filter_counts_and_hides(page, site_url):
    ready(page, site_url + LISTING)
    labels = page.locator(".type-filter label").all_inner_texts()
    counts = {lbl.split()[0]: int(re.search(r"\((\d+)\)", lbl).group(1)) for lbl in labels}
    total = page.locator("article.paper").count()
    assert counts["All"] == total
    cross = page.locator("article.paper[data-type='cross']").count()
    assert counts["Cross-lists"] == cross > 0
    page.locator(".type-filter input[value='cross']").check()
    assert page.locator("article.paper:visible").count() == cross
    assert set(page.locator("article.paper:visible").evaluate_all("es => es.map(e => e.dataset.type)")) == {"cross"}


def test_keywords_highlight_persist_and_float_to_top(page, site_url):
    ready(page, site_url + LISTING)
    page.fill("#kw", "reinforcement learning, benchmark")
    page.wait_for_function("document.querySelectorAll('article.kw-match').length > 0")
    matches = page.locator("article.kw-match").count()
    # Words are marked in the matches near the view (as math is typeset): the first ones, at once.
    page.locator("article.kw-match").first.locator("mark.kw").first.wait_for()
    assert page.locator("article.paper:visible").count() == matches  # a filter hides the rest by default
    page.uncheck("#kw-only")
    page.check("#kw-top")
    order = page.locator("article.paper").evaluate_all("es => es.map(e => e.classList.contains('kw-match'))")
    assert order == sorted(order, reverse=True)
    page.reload()
    page.wait_for_function("document.querySelectorAll('article.kw-match').length > 0")
    assert page.input_value("#kw") == "reinforcement learning, benchmark"
    assert page.locator("article.kw-match").count() == matches
    page.fill("#kw", "")
    page.wait_for_function("document.querySelectorAll('article.kw-match').length === 0")


def test_long_author_lists_collapse_with_et_al(page, site_url):
    ready(page, site_url + LISTING)
    pid = page.locator("article.paper:has(button.more-authors)").first.get_attribute("id")
    art = page.locator(f"[id='{pid}']")
    art.locator("button.more-authors").click()
    assert art.locator("button.more-authors").count() == 0
    assert art.locator(".authors").inner_text().count(",") >= 4


def test_search_finds_the_expected_paper_with_filters(page, site_url, built):
    ready(page, site_url)
    page.fill("#search-q", "Mallory")
    page.locator("#search-results li a").first.wait_for()
    page.wait_for_function(
        "!/up to|Searching/.test(document.querySelector('#search-results [role=status]').textContent)"
    )
    hrefs = page.locator("#search-results li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    # One paper has the name: its day's shard answers with it, the other days' shards (which answer
    # with a prefix they do have) add nothing.
    assert len(hrefs) == 1 and HOSTILE_ID in hrefs[0], hrefs
    assert page.locator("#search-results [role=status]").inner_text() == "1 paper"
    # The FAQ text is indexed too, and the day filter narrows to one day.
    page.fill("#search-q", "FAQ-MARKER-TEXT")
    page.wait_for_function(
        f"[...document.querySelectorAll('#search-results li a')].some(a => a.href.includes('{built[1]}'))"
    )
    page.fill("#search-q", "mechanisms")
    page.select_option("#search-day", HOSTILE_DATE)
    page.wait_for_function(
        "(() => { const a = [...document.querySelectorAll('#search-results li a')];"
        " return a.length > 0 && a.every(x => x.href.includes('2606.9000')); })()"
    )
    page.select_option("#search-day", "")
    page.select_option("#search-cat", "cs.GT")
    page.wait_for_function(
        f"[...document.querySelectorAll('#search-results li a')].some(a => a.href.includes('{PRICE_ID}'))"
    )
    assert page.locator("#search-results script, #search-results img").count() == 0
    assert page.errors == []


def _untypeset_text(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all(
        "els => els.map(e => { const c = e.cloneNode(true); c.querySelectorAll('.katex').forEach(k => k.remove());"
        " return c.textContent; })"
    )


def test_katex_typesets_the_sample_day_without_errors(page, site_url):
    ready(page, site_url)
    # Math is typeset as entries come into view: nothing off-screen is done at load.
    assert page.locator("article.paper.m.typeset").count() < page.locator("article.paper.m").count()
    page.evaluate(
        "(async () => { for (const a of document.querySelectorAll('article.paper.m')) {"
        " a.scrollIntoView(); await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); } })()"
    )
    page.wait_for_function("document.querySelectorAll('article.paper.m:not(.typeset)').length === 0")
    assert page.locator(".katex").count() > 50
    assert page.locator(".katex-error").count() == 0
    leftovers = [
        t
        for t in _untypeset_text(page, "article.paper > h3, article.paper .abstract")
        if "$" in t or "\\(" in t or "\\[" in t
    ]
    assert leftovers == []
    css = page.evaluate("[...document.styleSheets].map(s => s.href || '').filter(h => h.includes('katex'))")
    assert css and all(h.startswith(site_url) for h in css), "KaTeX comes from the site itself"
    assert page.errors == []


def test_prices_stay_text_and_hostile_titles_run_no_script(page, site_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for rel in (f"cs.AI/{HOSTILE_DATE}/index.html", f"arxiv/{HOSTILE_ID}/index.html", f"arxiv/{PRICE_ID}/index.html"):
        ready(page, site_url + rel)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned === undefined"), rel
    # The hostile paper's FAQ (raw script, onerror, javascript: links in content/), expanded in place.
    ready(page, site_url + f"cs.AI/{HOSTILE_DATE}/index.html")
    page.locator(f"[id='p-{HOSTILE_ID}'] a.faq").click()
    page.locator(f"[id='p-{HOSTILE_ID}'] .faq-item").wait_for()
    assert "HOSTILE-FAQ-SURVIVOR" in page.locator(f"[id='p-{HOSTILE_ID}'] .faq-item").inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned === undefined")
    ready(page, site_url + f"cs.AI/{HOSTILE_DATE}/index.html")
    page.wait_for_function("document.documentElement.classList.contains('math-done')")
    abstract = page.locator(f"[id='p-{PRICE_ID}'] .abstract")
    text = _untypeset_text(page, f"[id='p-{PRICE_ID}'] .abstract")[0]
    assert "costs $5 and $10 per month, or $5, not" in text
    assert abstract.locator(".katex").count() == 5  # $x$, \(x^2\), $\alpha+\beta$, \[..\], $$..$$
    assert abstract.locator(".katex-display").count() == 2
    assert page.locator(f"[id='p-{PRICE_ID}'] h3 .katex").count() == 1
    assert "for $5" in _untypeset_text(page, f"[id='p-{PRICE_ID}'] h3")[0]
    assert dialogs == [] and page.errors == []


def test_theme_switch_persists_and_follows_the_system(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    p = context.new_page()
    ready(p, site_url)
    dark_bg = p.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark_bg != "rgb(255, 255, 255)"
    p.locator(".theme-switch").click()  # auto -> dark
    p.locator(".theme-switch").click()  # dark -> light
    assert p.evaluate("document.documentElement.dataset.theme") == "light"
    p.reload()
    p.wait_for_function("document.documentElement.dataset.theme === 'light'")
    assert p.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    context.close()


def test_copy_bibtex(browser, site_url, built):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    p = context.new_page()
    ready(p, site_url + f"arxiv/{built[1]}/index.html")
    p.locator("button.bib").click()
    p.wait_for_function("document.querySelector('button.bib').textContent === 'BibTeX copied'")
    text = p.evaluate("navigator.clipboard.readText()")
    assert text.startswith("@misc{") and f"eprint={{{built[1]}}}" in text and "archivePrefix={arXiv}" in text
    context.close()


# WCAG A/AA, plus axe's best practices: unique landmarks (no unlabelled nav per paper), heading order, regions.
AXE_TAGS = ("wcag2a", "wcag2aa", "best-practice")
AXE_PAGES = ["index.html", LISTING, "arxiv/{faq}/index.html", f"arxiv/{PRICE_ID}/index.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", AXE_PAGES)
def test_axe_reports_no_wcag_a_aa_or_best_practice_violations(browser, site_url, built, rel, scheme):
    require("axe-core (npm ci)", AXE_JS.is_file())
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    p = context.new_page()
    ready(p, site_url + rel.format(faq=built[1]))
    p.wait_for_timeout(200)
    if "arxiv/" not in rel:
        p.locator(".cat-picker summary, .reader-bar").first.wait_for()
    found = axe_violations(p, AXE_TAGS)
    assert found == [], json.dumps(found, indent=1)
    context.close()


def test_a_choice_missing_from_this_page_links_its_own_listing(browser, paged):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    ready(p, paged[1])
    # Categories no paper on this page is listed in (not even as a cross-list).
    on_page = set(p.locator("article.paper").evaluate_all("es => es.flatMap(e => e.dataset.categories.split(' '))"))
    elsewhere = [
        c
        for c in p.locator("tr[data-category]:not(.archive)").evaluate_all("es => es.map(e => e.dataset.category)")
        if c not in on_page
    ]
    assert elsewhere, "the paged home page should not hold every category"
    p.locator(".cat-picker summary").click()
    p.locator(f".picker-form input[value='{elsewhere[0]}']").check()
    notice = p.locator("#nothing-shown")
    assert notice.is_visible() and "this page of the day" in notice.inner_text()
    href = notice.locator("a").first.get_attribute("href")
    assert href.startswith(f"{elsewhere[0]}/{SAMPLE_DATE}/"), href
    notice.locator("a").first.click()
    p.wait_for_load_state()
    assert p.locator("article.paper").count() > 0
    context.close()


@pytest.mark.parametrize("where", ["day", "listing", "paged day"])
def test_a_filter_that_hides_every_paper_says_so(browser, site_url, paged, where):
    url = {"day": site_url, "listing": site_url + LISTING, "paged day": paged[1]}[where]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    ready(p, url + "?f=zzqqxnomatch")
    notice = p.locator("#nothing-shown")
    notice.wait_for()
    assert p.locator("article.paper:visible").count() == 0
    page_words = "on this page" if where == "paged day" else "of this day"
    assert "matches the filter" in notice.inner_text() and page_words in notice.inner_text()
    p.locator("#kw-only").uncheck()  # the rest is shown again: nothing to explain
    assert notice.is_hidden() and p.locator("article.paper:visible").count() > 0
    context.close()


@pytest.mark.parametrize("rel", PAGED)
def test_paginated_pages_pass_axe_and_say_counts_are_per_page(browser, paged, rel):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    ready(p, paged[1] + rel)
    p.locator(".reader-bar").wait_for()
    assert PAGE_SIZE // 2 < p.locator("article.paper").count() <= PAGE_SIZE
    assert "this page" in p.locator(".type-filter legend").inner_text()
    p.keyboard.press("j")
    assert p.evaluate("document.activeElement.closest('article.paper') !== null")
    p.locator("nav.pager a.pager-next, nav.pager a.pager-prev").first.click()
    p.wait_for_load_state()
    assert p.locator("article.paper").count() > 0
    p.go_back()
    p.wait_for_function("document.documentElement.classList.contains('reader-ready')")
    found = axe_violations(p)
    assert found == [], json.dumps(found, indent=1)
    context.close()


def test_vnu_reports_no_errors(built, paged):
    java = shutil.which("java")
    require("java", java is not None)
    require("vnu-jar (npm ci)", VNU_JAR.is_file())
    site, faq_id = built
    pages = [
        "index.html",
        LISTING,
        f"cs/{SAMPLE_DATE}/index.html",
        f"arxiv/{faq_id}/index.html",
        f"arxiv/{HOSTILE_ID}/index.html",
        f"cs.AI/{HOSTILE_DATE}/index.html",
        "days/index.html",
        "404.html",
        "cs.AI/index.html",
    ]
    files = [str(site / rel) for rel in pages] + [str(paged[0] / rel) for rel in PAGED]
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    errors = [(m.get("url", "").rsplit("/site/", 1)[-1], m.get("lastLine"), m.get("message")) for m in messages]
    assert errors == [], json.dumps(errors, indent=1)


SHOTS = [("home", "index.html"), ("listing", LISTING), ("paper", "arxiv/{faq}/index.html")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width,height", [(1280, 900), (360, 740), (2560, 1200)])
def test_screenshots(browser, site_url, built, scheme, width, height):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": height})
    p = context.new_page()
    for name, rel in SHOTS:
        ready(p, site_url + rel.format(faq=built[1]))
        p.wait_for_timeout(150)
        p.screenshot(path=str(ARTIFACTS / f"{name}-{scheme}-{width}.png"))
        overflow = p.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"
    context.close()


def _copied_bibtex(browser, site_url, rel: str) -> str:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    p = context.new_page()
    ready(p, site_url + rel)
    p.locator("button.bib").first.click()
    p.wait_for_function("document.querySelector('button.bib').textContent === 'BibTeX copied'")
    text = p.evaluate("navigator.clipboard.readText()")
    context.close()
    return text


def test_bibtex_keeps_balanced_tex_braces(browser, site_url):
    text = _copied_bibtex(browser, site_url, "arxiv/2606.24347/index.html")
    assert "title={MVG-KAN: Multi-View Geo-Wind Guided KAN for PM$_{2.5}$ Forecasting}," in text


def test_single_key_shortcuts_can_be_switched_off_and_stay_off(page, site_url):
    ready(page, site_url + LISTING)
    page.keyboard.press("?")
    page.locator("#shortcuts-on").uncheck()
    page.locator("#keys-help button[type=submit]").click()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.closest('article.paper') === null")
    page.reload()
    page.wait_for_function("document.documentElement.classList.contains('reader-ready')")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.closest('article.paper') === null")
    page.locator("button.keys-button").click()  # the header button still opens the help
    page.locator("#shortcuts-on").check()
    page.locator("#keys-help button[type=submit]").click()
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.closest('article.paper') !== null")


def test_printing_in_dark_mode_gives_dark_text_on_white(browser, site_url, built):
    context = browser.new_context(color_scheme="dark")
    p = context.new_page()
    ready(p, site_url + f"arxiv/{built[1]}/index.html")
    p.emulate_media(media="print", color_scheme="dark")
    assert p.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    context.close()


# --- the screening page: stable, instant, lean (issue 13) -------------------------------------------


@pytest.mark.parametrize("width,height", [(1280, 900), (360, 740)])
@pytest.mark.parametrize("rel", ["index.html", LISTING])
def test_nothing_moves_after_load(browser, site_url, rel, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    p = context.new_page()
    ready(p, site_url + rel)
    p.wait_for_load_state("load")
    assert p.evaluate(SHIFTS_JS) < 0.005
    context.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (360, 740)])
@pytest.mark.parametrize(
    "cut,selector",
    [
        ('placeholder="Search titles, authors, abstracts, FAQs">', "#search-q"),
        ('aria-describedby="kw-count">', "#kw"),
        ('value="cross">', ".type-filter input[value='cross']"),
    ],
    ids=["header-search", "filter-box", "type-radio"],
)
def test_a_page_painted_half_parsed_does_not_move_when_the_rest_arrives(browser, built, cut, selector, width, height):
    # On a slow network (or a busy phone) the parser yields anywhere and the browser paints what it
    # has: here the page stops inside the screening bar until the test has seen it painted.
    held = HeldPage(LISTING, cut)
    with SiteServer(built[0], held) as server:
        context = browser.new_context(viewport={"width": width, "height": height})
        p = context.new_page()
        p.goto(server.url + LISTING, wait_until="commit")
        assert held.sent.wait(30)
        p.wait_for_function(f"document.querySelector({selector!r}) !== null")
        # Two frames: the half page is laid out (and painted, where it has anything to show).
        p.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        assert not p.evaluate("document.getElementById('kw-count')")  # the rest has not arrived
        held.release.set()
        p.wait_for_function("document.documentElement.classList.contains('reader-ready')")
        p.wait_for_load_state("load")
        assert p.evaluate(SHIFTS_JS) < 0.005
        context.close()


def test_a_stored_category_choice_does_not_move_the_page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    ready(p, site_url)
    p.evaluate("localStorage.setItem('digest.categories', JSON.stringify(['cs.CV']))")
    ready(p, site_url)
    p.wait_for_function("document.querySelectorAll('article.paper.is-filtered').length > 0")
    p.wait_for_load_state("load")
    assert p.evaluate(SHIFTS_JS) < 0.005
    assert not p.evaluate("document.documentElement.classList.contains('choosing')")
    context.close()


def test_a_dark_choice_is_applied_before_first_paint(browser, site_url):
    context = browser.new_context(color_scheme="light")
    p = context.new_page()
    ready(p, site_url + LISTING)
    p.evaluate("localStorage.setItem('digest.theme', JSON.stringify('dark'))")
    # Without the deferred reader script, only what runs before first paint can set the theme.
    p.route("**/static/app.js*", lambda route: route.abort())
    p.goto(site_url + LISTING, wait_until="commit")
    p.wait_for_function("document.body !== null")
    assert p.evaluate("document.documentElement.dataset.theme") == "dark"
    assert p.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 24, 27)"
    assert p.locator(".site-header .tools").is_visible()  # the tools are in the HTML, not added later
    context.close()


def test_faq_in_place_reads_exactly_as_on_the_paper_page(page, site_url, built):
    faq_id = built[1]
    ready(page, site_url + LISTING)
    page.locator(f"[id='p-{faq_id}'] a.faq").click()
    page.locator(f"[id='p-{faq_id}'] .faq-inline .faq-body .katex").wait_for()  # its math, typeset
    in_place = page.locator(f"[id='p-{faq_id}'] .faq-inline").inner_text()
    ready(page, site_url + f"arxiv/{faq_id}/index.html")
    page.locator("#faq .faq-body .katex").wait_for()
    on_page = page.locator("#faq .faq-body").inner_text()
    assert in_place.strip() == on_page.strip()
    assert not in_place.strip().endswith("undefined")


@pytest.mark.parametrize("rel", ["index.html", LISTING, f"cs/{SAMPLE_DATE}/index.html"])
def test_first_title_is_on_the_first_phone_screen(browser, site_url, rel):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    p = context.new_page()
    ready(p, site_url + rel)
    box = p.locator("article.paper h3").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740, box
    context.close()


def test_f_without_an_faq_says_so_visibly(page, site_url, built):
    ready(page, site_url + LISTING)
    no_faq = page.locator("article.paper:not(:has(a.faq))").first.get_attribute("id")
    page.locator(f"[id='{no_faq}']").evaluate("a => { a.tabIndex = -1; a.focus(); }")
    page.keyboard.press("f")
    status = page.locator("#reader-status")
    status.get_by_text("This paper has no FAQ").wait_for()
    assert status.is_visible()
    box = status.bounding_box()
    assert box["width"] > 50 and box["height"] > 10


def test_picker_offers_covered_categories_first_and_the_rest_behind_more(page, site_url):
    ready(page, site_url)
    covered = page.locator("tr[data-category]").evaluate_all("rs => rs.map(r => r.dataset.category)")
    page.locator(".cat-picker summary").click()
    first = page.locator(".picker-form fieldset.covered input")
    first.first.wait_for()
    assert first.evaluate_all("is => is.map(i => i.value)") == covered
    assert page.locator(".picker-form input[value='astro-ph']").is_hidden()
    page.locator(".more-cats > summary").click()
    assert page.locator(".picker-form input[value='astro-ph']").is_visible()
    assert page.locator(".more-cats input[value='cs.CL']").count() == 0  # offered once, above


def test_listing_entries_get_coins_matching_the_paper(page, site_url):
    from urllib.parse import parse_qs

    ready(page, site_url + f"cs.AI/{HOSTILE_DATE}/index.html")
    page.wait_for_function(
        "document.querySelectorAll('article.paper .Z3988').length === document.querySelectorAll('article.paper').length"
    )
    kev = parse_qs(page.locator(f"[id='p-{HOSTILE_ID}'] .Z3988").get_attribute("title"))
    assert kev["ctx_ver"] == ["Z39.88-2004"] and kev["rft.type"] == ["preprint"]
    assert kev["rft.title"][0].startswith("<img src=x")  # round-trips as text, never as markup
    assert kev["rft_id"] == [f"info:doi/10.48550/arXiv.{HOSTILE_ID}"]
    ready(page, site_url + LISTING)
    page.wait_for_function(
        "document.querySelectorAll('article.paper .Z3988').length === document.querySelectorAll('article.paper').length"
    )
    art = page.locator("article.paper").first
    kev = parse_qs(art.locator(".Z3988").get_attribute("title"))
    assert kev["rft.title"] == [art.locator("h3").inner_text()]
    assert kev["rft.description"] == [art.locator(".abstract").evaluate("e => e.textContent.trim()")]
    # The paper's own date (v1 submission, as on its page and in its Highwire tags), not the listing day.
    assert kev["rft.date"] == [art.get_attribute("data-d")]


# --- BibTeX, checked with a real parser and a real LaTeX build (issue 12) --------------------------
# Real author lists: the MiMo-VL report's feed item (joined-2025-06, 2025-06-04) and arXiv's abs page
# of 1411.4413 (fixtures/arxiv/abs/arXiv-arxiv-browse).
GROUP_AUTHORS = {
    "Core Team, Zihao Yue, Zhenru Lin": ("{Core Team} and Zihao Yue and Zhenru Lin", "core"),
    "The CMS and LHCb Collaboration": ("{The CMS and LHCb Collaboration}", "cms"),
}
CLONE_JS = """names => names.map(n => {
    const a = document.querySelector('article.paper').cloneNode(true);
    a.querySelector('.authors').textContent = n;
    return window.digestBibtex(a);
})"""


def _fold(name: str) -> str:
    import unicodedata

    flat = unicodedata.normalize("NFD", name.replace("ß", "ss").replace("ø", "o").replace("ł", "l"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in flat if not unicodedata.combining(c)).lower())


def _entries(page, url: str) -> list[tuple[str, str, str]]:
    ready(page, url)
    return page.locator("article.paper").evaluate_all(
        "as => as.map(a => [a.querySelector('.authors').firstChild.textContent.split(', ')[0],"
        " a.dataset.categories.split(' ')[0], window.digestBibtex(a)])"
    )


def test_bibtex_of_every_entry_parses_and_compiles(page, site_url, tmp_path):
    bibtexparser = pytest.importorskip("bibtexparser")
    found = _entries(page, site_url) + _entries(page, site_url + f"cs.AI/{HOSTILE_DATE}/index.html")
    groups = page.evaluate(CLONE_JS, list(GROUP_AUTHORS))
    entries = {}
    for first, primary, text in found:
        lib = bibtexparser.parse_string(text)
        assert not lib.failed_blocks and len(lib.entries) == 1, text
        e = lib.entries[0]
        assert e.entry_type == "misc" and e["archivePrefix"] == "arXiv" and e["primaryClass"] == primary
        # Non-ASCII surnames are transliterated into the key (Mikulová -> mikulova), never dropped.
        assert e.key.startswith(_fold(first.split()[-1])), (e.key, first)
        entries.setdefault(e.key, text)
    titles = {e.split("title={")[1].split("},")[0] for _, _, e in found}
    assert "Bengal-HP\\_RU: A Dataset of Bengal People For Head Pose Estimation" in titles
    assert any(t.startswith("M\\^{}2C-EvDet:") for t in titles)
    assert any(t.startswith("Meet UD\\_Czech-PDTC:") for t in titles)
    for (authors, (field, key)), text in zip(GROUP_AUTHORS.items(), groups):
        e = bibtexparser.parse_string(text).entries[0]
        assert e["author"] == field and e.key.startswith(key), (authors, text)
    pdflatex, bibtex = shutil.which("pdflatex"), shutil.which("bibtex")
    require("pdflatex and bibtex (apt-get install texlive-latex-base)", bool(pdflatex and bibtex))
    (tmp_path / "refs.bib").write_text("\n".join(entries.values()), encoding="utf-8")
    (tmp_path / "cite.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{amsmath,amssymb}\\usepackage{url}"
        "\\begin{document}\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n"
    )
    for cmd in (
        [pdflatex, "-interaction=nonstopmode", "cite.tex"],
        [bibtex, "cite"],
        [pdflatex, "-interaction=nonstopmode", "cite.tex"],
    ):
        run = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, (cmd[0], run.stdout[-3000:])
    log = (tmp_path / "cite.log").read_text(errors="replace")
    assert "\n! " not in log and (tmp_path / "cite.pdf").is_file()


def test_the_next_day_link_goes_to_the_next_day_and_nowhere_on_the_newest(page, site_url):
    ready(page, site_url + f"cs.AI/{HOSTILE_DATE}/index.html")
    link = page.locator("a.next-day")
    page.wait_for_function("document.querySelector('a.next-day').rel === 'next'")
    # Only where it goes changes, never its text: nothing moves on a narrow screen.
    assert link.inner_text() == "next day →" and link.get_attribute("title") == SAMPLE_DATE
    link.click()
    page.wait_for_url(f"**/cs.AI/{SAMPLE_DATE}/index.html")
    page.wait_for_function("!document.querySelector('a.next-day').hasAttribute('href')")
    assert page.locator("a.next-day").inner_text() == "next day →"
    ready(page, site_url + f"days/{HOSTILE_DATE}/index.html")
    page.wait_for_function("document.querySelector('a.next-day').rel === 'next'")
    assert page.locator("a.next-day").get_attribute("href").endswith(f"days/{SAMPLE_DATE}/index.html")
    assert page.errors == []
