"""The reader's own views: starred/ (the reading list) and since/ (the catch-up queue).

Both are empty shells: the reader script fills them from the browser's own state (localStorage) and,
for since/, from the day pages the site already publishes, so they cost no per-paper bytes. Without
the script they say so. Each has a plain URL, so the view can be bookmarked and shared.
"""

from __future__ import annotations

from generator.render import urls
from generator.render.keys import Output
from generator.render.pages import PageContext

STARRED = "starred/"
SINCE = "since/"
CATCHUP_MAX_DAYS = 7
"""How many days the catch-up queue fetches at most (the newest ones); the view says so."""


def tool_pages(pc: PageContext) -> list[Output]:
    """starred/ and since/, keyed by their whole context like every PageContext page."""
    starred = pc.common(STARRED, "Starred papers", ())
    since = pc.common(SINCE, "Since your last visit", ())
    since |= {"days_json": urls.days_json(None), "max_days": CATCHUP_MAX_DAYS}
    return [pc.output(STARRED, "starred.html", starred), pc.output(SINCE, "since.html", since)]
