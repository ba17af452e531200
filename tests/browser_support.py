"""Support for the browser tests: the sample site built once, served on loopback, and Debian's Chromium.

Playwright cannot download its own browsers here, so it drives the system Chromium. A missing browser
(or Java/vnu for the HTML check) skips locally but fails when CI is set, so CI cannot pass by skipping.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.content.model import Author, Day, Faq, FaqItem, Paper
from generator.content.store import ContentStore
from generator.render.stage import render_site

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DATE = "2026-06-24"
HOSTILE_DATE = "2026-06-23"
ARTIFACTS = REPO / "test-artifacts"
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The layout shift of the page so far (without input), after two frames.
SHIFTS_JS = """new Promise(done => {
    let total = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
        .observe({type: 'layout-shift', buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
})"""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HOSTILE_TITLE = (
    '<img src=x onerror="window.__pwned=1;alert(1)"> <script>window.__pwned=2;alert(2)</script> "><svg onload=alert(3)>'
)
HOSTILE_ID = "2606.90001"
PRICE_ID = "2606.90002"
PRICE_ABSTRACT = (
    "The service costs $5 and $10 per month, or $5, not $x$ if you ask. "
    r"Inline \(x^2\) and $\alpha+\beta$, display \[\sum_i y_i\] and $$\int_0^1 z\,dz$$ all render."
)
FAQ_HTML = (
    '<h3>What does the paper study?</h3><p>It studies <span class="math inline">\\(\\mathcal{O}(n^2)\\)</span> '
    "scheduling, FAQ-MARKER-TEXT.</p><h3>Does it work?</h3><p>Yes, on three benchmarks.</p>"
)
# As if content/ were hand-edited or written under an older allow-list: render must clean it again.
HOSTILE_FAQ_HTML = (
    '<section class="faq-item"><h3 class="faq-q">Safe? <script>window.__pwned=7;alert(7)</script></h3>'
    '<p>Answer <img src=x onerror="window.__pwned=8;alert(8)"> <a href="javascript:alert(9)">click</a> '
    '<iframe src="javascript:alert(10)"></iframe><svg onload="alert(11)"></svg><style>body{display:none}</style>'
    '<span class="math" onclick="alert(12)">\\(x^2\\)</span> HOSTILE-FAQ-SURVIVOR</p></section>'
)


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/lib/chromium/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        shutil.which("google-chrome"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def require(what: str, present: bool) -> None:
    """Skip without the tool locally; fail under CI, where .ci/run installs it."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, but CI is set: .ci/run must install it")
    pytest.skip(f"{what} is not installed")


def _hostile_day() -> Day:
    hostile = Paper(
        HOSTILE_ID,
        1,
        HOSTILE_TITLE,
        (Author('<b onmouseover="alert(4)">Mallory</b>'),),
        'Abstract <script>alert(5)</script> with "quotes" & <iframe src="javascript:alert(6)">.',
        ("cs.AI",),
        "new",
    )
    price = Paper(
        PRICE_ID,
        1,
        r"Pricing \(\epsilon\)-optimal mechanisms for $5",
        (Author("Ada Lovelace"),),
        PRICE_ABSTRACT,
        ("cs.AI", "cs.GT"),
        "new",
    )
    return Day(HOSTILE_DATE, ("cs.AI", "cs.GT"), (hostile, price))


def faq_paper_id(content: Path) -> str:
    """The first paper of the sample day's cs.AI listing order with primary cs.AI (gets the test FAQ)."""
    day = ContentStore(content).read_day(SAMPLE_DATE)
    return next(p.id for p in day.papers if p.primary_category == "cs.AI")


def make_test_content(root: Path) -> str:
    """The committed sample day, one FAQ, and a day of hostile/price fixtures; returns the FAQ's paper id."""
    shutil.copytree(REPO / "content", root)
    store = ContentStore(root)
    pid = faq_paper_id(root)
    paper = store.read_day(SAMPLE_DATE).papers
    version = next(p.version for p in paper if p.id == pid)
    store.write_faq(
        Faq(
            id=pid,
            version=version,
            prompt_version="test-1",
            model="fake-model",
            language="en",
            input_kind="abstract",
            generated_at="2026-06-24T12:00:00Z",
            items=(FaqItem("What does the paper study?", "It studies $\\mathcal{O}(n^2)$ scheduling."),),
            html=FAQ_HTML,
        )
    )
    store.write_day(_hostile_day())
    store.write_faq(
        Faq(
            id=HOSTILE_ID,
            version=1,
            prompt_version="test-1",
            model="fake-model",
            language="en",
            input_kind="abstract",
            generated_at="2026-06-23T12:00:00Z",
            items=(FaqItem("Safe?", "Answer."),),
            html=HOSTILE_FAQ_HTML,
        )
    )
    return pid


def render_test_content(tmp: Path, with_search: bool = True, **env: str) -> Path:
    """Renders tmp/content into tmp/site with the repository's settings (and `env`); returns site/."""
    env = {"DIGEST_CONTENT_DIR": str(tmp / "content"), "DIGEST_SITE_DIR": str(tmp / "site"), **env}
    settings = load_settings(REPO / "pyproject.toml", env=env)
    render_site(settings, with_search=with_search)
    return Path(settings.site_dir)


def build_site(tmp: Path) -> tuple[Path, str]:
    pid = make_test_content(tmp / "content")
    return render_test_content(tmp), pid


PAGE_SIZE = 100
"""listing_page_size of the paginated build: splits the sample day (266 papers) into pages."""


def build_paged_site(tmp: Path) -> Path:
    """The same content with small listing pages (no search index: the paged pages are what we check)."""
    make_test_content(tmp / "content")
    return render_test_content(tmp, with_search=False, DIGEST_LISTING_PAGE_SIZE=str(PAGE_SIZE))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class _HoldingHandler(_QuietHandler):
    """Sends the held page up to its cut, then the rest only once the test releases it."""

    held: HeldPage

    def do_GET(self):  # noqa: N802 - the stdlib's name
        held = self.held
        if self.path.split("?")[0].lstrip("/") != held.rel:
            return super().do_GET()
        body = (Path(self.directory) / held.rel).read_bytes()
        cut = body.index(held.cut.encode()) + len(held.cut)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")  # no length: the page ends when the connection does
        self.end_headers()
        self.wfile.write(body[:cut])
        self.wfile.flush()
        held.sent.set()
        held.release.wait(60)
        self.wfile.write(body[cut:])
        self.close_connection = True


class HeldPage:
    """One page served in two parts: the browser parses and paints the first part alone, as on a
    slow network, until `release` is set. `cut` is the text the first part ends with."""

    def __init__(self, rel: str, cut: str):
        self.rel, self.cut = rel, cut
        self.sent, self.release = threading.Event(), threading.Event()


class SiteServer:
    """site/ on http://127.0.0.1:<free port>/ from a daemon thread (Pagefind needs http, not file://);
    with `held`, that page comes in two parts (HeldPage)."""

    def __init__(self, root: Path, held: HeldPage | None = None):
        handler = functools.partial(_QuietHandler, directory=str(root))
        if held is not None:
            handler = functools.partial(type("Holding", (_HoldingHandler,), {"held": held}), directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.held = held
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.held is not None:
            self.held.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
