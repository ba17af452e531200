"""The run tells the truth (issue 11): each fetch / faq run that did something or failed appends a
run-log record under content/runs/, and render publishes a status page with the last runs, the
latest day's coverage and an inline SVG chart (no JavaScript)."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
from llm_server import FakeLLM, PdfServer, Reply
from test_daily_faults import faq_env, run
from test_faq import CANARY, ids, paper, write_day


def records(content: Path) -> list[dict]:
    return [json.loads(line) for p in sorted((content / "runs").glob("*.jsonl")) for line in p.read_text().splitlines()]


def test_faq_run_appends_one_record_with_counts_cost_and_failures(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    papers = ids(3)
    write_day(content, "2026-06-24", [paper(i) for i in papers])
    with FakeLLM() as llm, PdfServer() as pdfs:
        llm.by_paper[papers[0]] = [Reply("no FAQ here")] * 2
        env = faq_env(content, llm, pdfs, DIGEST_LLM_PRICE_IN="1", DIGEST_LLM_PRICE_OUT="2")
        assert run(env, monkeypatch, capsys, "faq")[0] == 0
        assert run(env, monkeypatch, capsys, "faq")[0] == 0  # only the failed paper is retried
    first, second = records(content)
    assert first["schema"] == 1 and first["kind"] == "faq" and first["status"] == "ok"
    faq = first["faq"]
    assert (faq["done"], faq["failed"], faq["cached"]) == (2, 1, 0)
    assert faq["failures"][0]["id"] == papers[0] and "no usable answer" in faq["failures"][0]["error"]
    assert faq["prompt_tokens"] == 4000 and faq["cost"] > 0
    assert second["faq"]["cached"] == 2


def test_quiet_run_adds_no_record(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper("2606.00001")])
    with FakeLLM() as llm, PdfServer() as pdfs:
        env = faq_env(content, llm, pdfs)
        run(env, monkeypatch, capsys, "faq")
        before = records(content)
        assert run(env, monkeypatch, capsys, "faq")[0] == 0
    assert records(content) == before and len(before) == 1


def test_failed_run_is_recorded_with_its_error_and_no_key(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper(i) for i in ids(3)])
    body = json.dumps({"error": f"invalid key {CANARY}"}).encode()
    with FakeLLM() as llm, PdfServer() as pdfs:
        llm.default = lambda req: Reply(status=401, body=body)
        assert run(faq_env(content, llm, pdfs), monkeypatch, capsys, "faq")[0] == 1
    (record,) = records(content)
    assert record["status"] == "error" and "endpoint failures in a row" in record["error"]
    assert CANARY[:10] not in json.dumps(record)


def test_fetch_run_records_papers_by_type_and_requests(serve_sample_day, arxiv_env, monkeypatch, capsys):
    assert run(arxiv_env, monkeypatch, capsys, "fetch")[0] == 0
    (record,) = records(Path(arxiv_env["DIGEST_CONTENT_DIR"]))
    fetch = record["fetch"]
    assert sum(fetch["papers_by_type"].values()) == 266
    assert fetch["requests"] == len(serve_sample_day.entries) and fetch["retries"] == 0


def test_status_page_shows_runs_coverage_and_an_svg_chart(tmp_path, monkeypatch, capsys):
    content, site = tmp_path / "content", tmp_path / "site"
    write_day(content, "2026-06-23", [paper(i) for i in ids(2)])
    papers = [f"2606.2000{i}" for i in range(3)]
    write_day(content, "2026-06-24", [paper(i) for i in papers])
    with FakeLLM() as llm, PdfServer() as pdfs:
        llm.by_paper[papers[0]] = [Reply("no FAQ here")] * 2
        run(faq_env(content, llm, pdfs), monkeypatch, capsys, "faq")
    env = {"DIGEST_CONTENT_DIR": str(content), "DIGEST_SITE_DIR": str(site), "DIGEST_CATEGORIES": "cs.AI"}
    assert run(env, monkeypatch, capsys, "render")[0] == 0
    page = lxml.html.fromstring((site / "status" / "index.html").read_bytes())
    text = page.text_content()
    assert "3 papers: 2 with an FAQ, 1 without (1 failed)" in text
    assert papers[0] in text and "no usable answer" in text
    assert "4 FAQs done" in text
    rects = page.xpath("//svg//rect")
    assert len(rects) == 4  # two days, a papers bar and an FAQs bar each
    assert not page.xpath("//script[not(@src)]")
