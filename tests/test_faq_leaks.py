"""Fault 9 of issue 11: the API key never leaks, whole, in pieces or base64-encoded, into stderr,
logs or stored FAQs."""

from __future__ import annotations

import base64
import json

from llm_server import FakeLLM, PdfServer, Reply, good_answer
from test_daily_faults import faq_env, run
from test_faq import CANARY, paper, write_day

B64 = base64.b64encode(CANARY.encode()).decode()


def pieces(text: str) -> list[str]:
    """Every 8-character run of the key found in text."""
    return [CANARY[i : i + 8] for i in range(len(CANARY) - 7) if CANARY[i : i + 8] in text]


def test_key_echoed_in_pieces_or_base64_never_reaches_stderr_or_logs(tmp_path, monkeypatch, capsys, caplog):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper("2606.00001")])
    echo = json.dumps({"error": f"key {CANARY[:13]} / {CANARY[13:]} or {B64} is revoked"}).encode()
    with FakeLLM() as llm, PdfServer() as pdfs:
        llm.default = lambda req: Reply(status=400, body=echo)
        status, err = run(faq_env(content, llm, pdfs), monkeypatch, capsys, "faq")
    everything = "\n".join(err) + caplog.text
    assert "HTTP 400" in everything
    assert pieces(everything) == [] and B64[:12] not in everything
    assert status == 1


def test_answer_echoing_the_key_is_refused_not_stored(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper("2606.00001"), paper("2606.00002")])
    with FakeLLM() as llm, PdfServer() as pdfs:
        llm.by_paper["2606.00001"] = [Reply(good_answer(extra=f" Your key is {CANARY[2:20]}."))] * 2
        llm.by_paper["2606.00002"] = [Reply(good_answer(extra=f" Encoded: {B64}."))] * 2
        status, err = run(faq_env(content, llm, pdfs), monkeypatch, capsys, "faq")
    stored = [p.read_text() for p in content.rglob("*.json")]
    assert not any(pieces(text) or B64[:12] in text for text in stored)
    assert not (content / "faqs").exists()
    assert status == 1 and "every FAQ of this run failed (2)" in err[-1]
