"""Failure modes found in review: cut-off bodies, hostile PDFs, truncated answers, time budgets."""

from __future__ import annotations

import json
import socket
import threading

import pytest
from fpdf import FPDF
from llm_server import FakeLLM, PdfServer, Reply, good_answer
from test_faq import paper, settings_for, write_day

from generator.content.store import ContentStore
from generator.errors import FetchError
from generator.faq.pdftext import PdfTextError, extract_text
from generator.faq.stage import run_faq
from generator.net.client import PoliteClient


@pytest.fixture
def short_body_server():
    """Announces a 100,000-byte body, sends 16 bytes and hangs up (a dropped download)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    hits = []

    def serve():
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            conn.recv(65536)
            hits.append(1)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 partial"
            )
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}/pdf/x", hits
    srv.close()


def test_body_cut_short_is_retried_then_a_clear_fetch_error(short_body_server):
    url, hits = short_body_server
    client = PoliteClient(delay=0, timeout=2, attempts=3, backoff=0.01, retry_after_max=5, user_agent="t")
    with pytest.raises(FetchError, match="connection failed.*gave up after 3 attempts"):
        client.get(url)
    assert len(hits) == 3


def _pdf_with_unsupported_filter() -> bytes:
    pdf = FPDF()
    pdf.set_compression(True)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 5, "word " * 900)
    return bytes(pdf.output()).replace(b"/FlateDecode", b"/FlateD=code", 1)


def test_pdf_the_library_cannot_decode_falls_back_to_the_abstract(tmp_path):
    with pytest.raises(PdfTextError):
        extract_text(_pdf_with_unsupported_filter())
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper("2606.00001"), paper("2606.00002")])
    with FakeLLM() as llm, PdfServer() as pdfs:
        pdfs.files["2606.00001v1"] = _pdf_with_unsupported_filter()
        report = run_faq(settings_for(content, llm, pdfs, llm_concurrency=1))
    store = ContentStore(content)
    assert report.done == 2 and report.failed == 0
    assert store.read_faq("2606.00001").input_kind == "abstract"


def test_answer_cut_off_at_the_token_limit_is_retried_once_then_not_stored(tmp_path):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper("2606.00001")])
    body = json.dumps(
        {
            "id": "x",
            "object": "chat.completion",
            "created": 1,
            "model": "test-model",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": good_answer()}, "finish_reason": "length"}
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 2048, "total_tokens": 2058},
        }
    ).encode()
    with FakeLLM() as llm, PdfServer() as pdfs:
        llm.queue = [Reply(body=body), Reply(body=body)]
        report = run_faq(settings_for(content, llm, pdfs))
        assert len(llm.requests) == 2
    assert report.failed == 1 and report.done == 0
    assert ContentStore(content).read_faq("2606.00001") is None


def test_time_budget_stops_queuing_and_reports_what_is_left(tmp_path):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper(f"2606.{10000 + i}") for i in range(6)])
    with FakeLLM(latency=0.3) as llm, PdfServer() as pdfs:
        report = run_faq(settings_for(content, llm, pdfs, llm_concurrency=1, faq_time_budget=0.5))
    assert 1 <= report.done < 6
    assert report.left == 6 - report.done - report.failed
    assert f"{report.left} left" in report.summary()


def test_changing_the_output_language_regenerates(tmp_path):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper("2606.00001")])
    with FakeLLM() as llm, PdfServer() as pdfs:
        run_faq(settings_for(content, llm, pdfs))
        assert run_faq(settings_for(content, llm, pdfs)).done == 0
        report = run_faq(settings_for(content, llm, pdfs, faq_language="zh"))
    assert report.done == 1
    assert ContentStore(content).read_faq("2606.00001").language == "zh"
