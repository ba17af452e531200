"""Loopback test servers: a scriptable OpenAI-compatible chat-completions endpoint and a PDF host.

Both are real HTTP servers on 127.0.0.1 (http.server in a thread), so the client code under test
runs unchanged: requests, timeouts, retries and concurrency are all real.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from fpdf import FPDF

from generator.faq.prompt import QUESTIONS


@dataclass
class Reply:
    """One scripted answer: a completion text, or a raw status/body; `delay` sleeps first."""

    content: str | None = None
    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    prompt_tokens: int = 1000
    completion_tokens: int = 300


def good_answer(language: str = "en", extra: str = "") -> str:
    parts = [
        f"### {n}. {q}\n\nAnswer {n} with math $x_i * y_j$ and detail.{extra}\n"
        for n, q in enumerate(QUESTIONS[language], 1)
    ]
    return "\n".join(parts)


def chat_json(content: str, prompt_tokens: int, completion_tokens: int, model: str = "test-model") -> bytes:
    """A response shaped like the public chat-completions API documents it."""
    return json.dumps(
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 1_750_000_000,
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    ).encode()


_PAPER_ID = re.compile(r"arXiv id: (\S+?)v\d+")


class _Server:
    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeLLM(_Server):
    """Chat-completions endpoint. Replies come from, in order: the queue for the paper named in the
    prompt (`by_paper`), the general `queue`, then `default` (a valid FAQ after `latency` s)."""

    def __init__(self, latency: float = 0.0):
        super().__init__(_LLMHandler)
        self.base_url = self.url + "/v1"
        self.latency = latency
        self.queue: list[Reply] = []
        self.by_paper: dict[str, list[Reply]] = {}
        self.default: Callable[[dict], Reply] = lambda req: Reply(good_answer(_language(req)), delay=self.latency)
        self.requests: list[dict] = []
        self.auth_headers: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0

    def next_reply(self, request: dict) -> Reply:
        user = request["messages"][-1]["content"]
        m = _PAPER_ID.search(user)
        with self.lock:
            scripted = self.by_paper.get(m.group(1)) if m else None
            if scripted:
                return scripted.pop(0)
            if self.queue:
                return self.queue.pop(0)
        return self.default(request)


def _language(request: dict) -> str:
    return "zh" if "简体中文" in request["messages"][0]["content"] else "en"


class _LLMHandler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        server: FakeLLM = self.server.owner  # type: ignore[attr-defined]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with server.lock:
            server.requests.append(body)
            server.auth_headers.append(self.headers.get("Authorization", ""))
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            if self.path != "/v1/chat/completions":
                return self._send(Reply(status=404, body=b'{"error": "not found"}'), body)
            self._send(server.next_reply(body), body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)
        finally:
            with server.lock:
                server.in_flight -= 1

    def _send(self, reply: Reply, request: dict) -> None:
        time.sleep(reply.delay)
        data = reply.body
        if data is None:
            data = chat_json(
                reply.content or "", reply.prompt_tokens, reply.completion_tokens, request.get("model", "")
            )
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class PdfServer(_Server):
    """Serves /pdf/<id>v<n> from `files`; anything else is a 404 (as arXiv does for unknown ids)."""

    def __init__(self):
        super().__init__(_PdfHandler)
        self.pdf_url = self.url + "/pdf/"
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.times: list[float] = []
        """time.monotonic() of each request, beside `requests` (politeness tests)."""


class _PdfHandler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        server: PdfServer = self.server.owner  # type: ignore[attr-defined]
        with server.lock:
            server.requests.append(self.path)
            server.times.append(time.monotonic())
        data = server.files.get(self.path.removeprefix("/pdf/"))
        if data is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def make_pdf(title: str, extra: str = "", filler: int = 8) -> bytes:
    """A small real PDF with paper-like section headings (fpdf2, core font, Latin-1 text)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    body = {
        "Abstract": f"We study {title}. " * 4,
        "1 Introduction": "The problem matters because models fail on long inputs. " * filler,
        "2 Related Work": "Prior work used recurrent models and retrieval. " * filler,
        "3 Dual-Path Method": "Our method combines two paths with a gating network. " * filler + extra,
        "4 Experiments": "On three benchmarks we improve accuracy by 4 points. " * filler,
        "5 Conclusion": "We presented a simple method; limits remain for very long inputs. " * 2,
        "References": "[1] A. Author. A paper. 2020.",
    }
    pdf.multi_cell(0, 5, title, new_x="LMARGIN", new_y="NEXT")
    for heading, text in body.items():
        pdf.ln(3)
        pdf.multi_cell(0, 5, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
