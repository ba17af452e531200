"""`digest faq` as a process: killed mid-run it keeps every finished FAQ; the next run does the rest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from llm_server import FakeLLM, PdfServer
from test_faq import CANARY, ids, paper, settings_for, write_day

from generator.cli import main
from generator.content.store import ContentStore
from generator.faq.stage import run_faq

LLM_ENV = ("DIGEST_LLM_BASE_URL", "DIGEST_LLM_API_KEY", "DIGEST_LLM_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL")


def test_cli_without_endpoint_says_faqs_are_skipped_and_exits_0(tmp_path, monkeypatch, capsys):
    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)
    write_day(tmp_path / "content", "2026-06-24", [paper("2606.00001")])
    assert main(["faq", "--content", str(tmp_path / "content")]) == 0
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1 and "skipped" in out


def test_killed_run_loses_only_in_flight_papers_and_resumes(tmp_path):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper(i) for i in ids(8)])
    with FakeLLM(latency=0.3) as llm, PdfServer() as pdfs:
        env = {k: v for k, v in os.environ.items() if k not in LLM_ENV} | {
            "DIGEST_LLM_BASE_URL": llm.base_url,
            "DIGEST_LLM_API_KEY": CANARY,
            "DIGEST_LLM_MODEL": "test-model",
            "DIGEST_LLM_CONCURRENCY": "1",
            "DIGEST_ARXIV_PDF_URL": pdfs.pdf_url,
            "DIGEST_PDF_DELAY": "0",
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "faq", "--content", str(content)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while len(list(content.glob("faqs/*.json"))) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)  # a crash: no cleanup code runs
        proc.wait()
        kept = len(list(content.glob("faqs/*.json")))
        first_requests = len(llm.requests)
        assert 3 <= kept < 8
        assert first_requests - kept <= 1  # at most the one in-flight paper was lost
        assert ContentStore(content).check()[1] == []  # every file on disk is complete
        llm.requests.clear()
        report = run_faq(settings_for(content, llm, pdfs))
    assert (report.done, report.cached, report.failed) == (8 - kept, kept, 0)
    assert len(llm.requests) == 8 - kept
