"""`digest serve`: preview site/ on 127.0.0.1 with the standard library's HTTP server."""

from __future__ import annotations

import functools
import http.server
import logging
from pathlib import Path

from generator.errors import RenderError

log = logging.getLogger(__name__)


def make_server(site_dir: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A loopback-only server for site_dir (port 0 picks a free port; tests use that)."""
    if not Path(site_dir).is_dir():
        raise RenderError(f"{site_dir} does not exist: run `digest render` first")
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as err:
        raise RenderError(f"cannot listen on 127.0.0.1:{port}: {err}") from None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".atom": "application/atom+xml",
        ".opml": "text/x-opml",
    }

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Unknown paths get the site's own 404 page, as GitHub Pages serves it.
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s %s", self.address_string(), format % args)


def serve(site_dir: Path, port: int = 8000) -> None:
    server = make_server(site_dir, port)
    log.info("serving %s on http://127.0.0.1:%d/ (Ctrl-C stops)", site_dir, server.server_address[1])
    with server:
        server.serve_forever()
