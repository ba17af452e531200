"""Faults of the daily job found by a hostile review (issue 11), each on loopback servers:
concurrent runs, the search bundle, politeness across stages, the FAQ circuit breaker, total
deadlines, the job-wide time budget, missing content, shrinking sites, environment errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from llm_server import FakeLLM, PdfServer, Reply, make_pdf
from test_faq import CANARY, ids, paper, write_day
from test_render_support import make_content, sample_days, settings_for

from generator.cli import main
from generator.errors import FetchError
from generator.net.client import PoliteClient
from generator.render.stage import render_site

DIGEST = str(Path(sys.executable).parent / "digest")


def faq_env(content: Path, llm: FakeLLM, pdfs: PdfServer, **extra: str) -> dict[str, str]:
    return {
        "DIGEST_CONTENT_DIR": str(content),
        "DIGEST_LLM_BASE_URL": llm.base_url,
        "DIGEST_LLM_API_KEY": CANARY,
        "DIGEST_LLM_MODEL": "test-model",
        "DIGEST_LLM_CONCURRENCY": "4",
        "DIGEST_ARXIV_PDF_URL": pdfs.pdf_url,
        "DIGEST_PDF_DELAY": "0",
        "DIGEST_HTTP_ATTEMPTS": "2",
        "DIGEST_RETRY_BACKOFF": "0.01",
        **extra,
    }


def run(env: dict[str, str], monkeypatch, capsys, *argv: str) -> tuple[int, list[str]]:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    status = main(list(argv))
    return status, capsys.readouterr().err.strip().splitlines()


# --- fault 3: locks, search bundle, one politeness clock ---------------------------------------


def test_two_faq_runs_at_once_pay_for_each_paper_once(tmp_path):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper(i) for i in ids(30)])
    with FakeLLM(latency=0.1) as llm, PdfServer() as pdfs:
        env = os.environ | faq_env(content, llm, pdfs)
        runs = [subprocess.Popen([DIGEST, "faq", "-q"], env=env) for _ in range(2)]
        codes = [p.wait(timeout=120) for p in runs]
    assert codes == [0, 0]  # the second waited for the first, then found every FAQ cached
    assert len(llm.requests) == 30


def test_a_run_that_cannot_get_the_lock_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    from generator.content.lock import folder_lock

    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper("2606.00001")])
    with FakeLLM() as llm, PdfServer() as pdfs, folder_lock(content, wait=0):
        status, err = run(faq_env(content, llm, pdfs), monkeypatch, capsys, "faq", "--lock-wait", "0")
    assert status == 1 and len(err) == 1
    assert "another digest run is using this folder" in err[0] and str(content) in err[0]
    assert llm.requests == []


def test_search_bundle_missing_a_file_is_rebuilt_not_skipped(tmp_path):
    settings = settings_for(tmp_path)
    make_content(settings.content_dir, sample_days())
    render_site(settings)
    bundle = settings.site_dir / "pagefind"
    victim = next(p for p in sorted(bundle.rglob("*")) if p.is_file() and "fragment" in p.parts)
    victim.unlink()  # what a concurrent render's swap left behind
    report = render_site(settings)
    assert victim.is_file(), report.summary()


def test_build_keeps_one_politeness_clock_across_fetch_and_pdfs(
    serve_sample_day, arxiv_env, monkeypatch, capsys, tmp_path
):
    with FakeLLM() as llm, PdfServer() as pdfs:
        env = arxiv_env | {
            "DIGEST_LLM_BASE_URL": llm.base_url,
            "DIGEST_LLM_MODEL": "test-model",
            "DIGEST_ARXIV_PDF_URL": pdfs.pdf_url,
            "DIGEST_REQUEST_DELAY": "0.5",
            "DIGEST_PDF_DELAY": "0.5",
            "DIGEST_FAQ_MAX_PAPERS": "1",
        }
        status, err = run(env, monkeypatch, capsys, "build")
    assert status == 0, err
    last_api = serve_sample_day.entries[-1][0]
    assert pdfs.times and pdfs.times[0] - last_api >= 0.5


# --- fault 4: circuit breaker, exit status ------------------------------------------------------


def test_revoked_key_stops_the_faq_run_early_and_fails_the_job(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    papers = [paper(i) for i in ids(20)]
    write_day(content, "2026-06-24", papers)
    with FakeLLM() as llm, PdfServer() as pdfs:
        for p in papers:
            pdfs.files[p.versioned_id] = make_pdf(p.title)
        llm.default = lambda req: Reply(status=401, body=b'{"error": {"message": "invalid api key"}}')
        status, err = run(faq_env(content, llm, pdfs), monkeypatch, capsys, "faq")
    assert status == 1
    assert err[-1].startswith("digest: error: FAQ run stopped: 3 endpoint failures in a row")
    assert "HTTP 401" in err[-1]
    assert len(pdfs.requests) == 3 and len(llm.requests) == 3
    assert not (content / "faqs").exists()


def test_every_faq_failing_is_a_nonzero_exit(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper(i) for i in ids(3)])
    with FakeLLM() as llm, PdfServer() as pdfs:
        llm.default = lambda req: Reply("not an FAQ at all")
        status, err = run(faq_env(content, llm, pdfs), monkeypatch, capsys, "faq")
    assert status == 1 and "every FAQ of this run failed (3)" in err[-1]


# --- fault 2: a total deadline per request; the FAQ budget counts from the job's start -----------


@pytest.fixture
def trickle_server():
    """Answers 200 with a 60-byte body, one byte every 0.1 s (each read is quick, the whole slow)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    sent: list[int] = []
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        conn.recv(65536)
        body = b'{"choices": [{"message": {"content": "x"}}]}'.ljust(60)
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\nContent-Type: application/json\r\n\r\n"
        try:
            conn.sendall(head.encode())
            for i in range(len(body)):
                if stop.wait(0.1):
                    break
                conn.sendall(body[i : i + 1])
                sent.append(1)
        except OSError:
            pass  # the client hung up: what the deadline is for
        conn.close()

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}", sent
    stop.set()
    srv.close()


def test_trickling_arxiv_server_hits_the_total_deadline(trickle_server):
    url, sent = trickle_server
    client = PoliteClient(delay=0, timeout=1, attempts=1, backoff=0, retry_after_max=1, user_agent="t")
    with pytest.raises(FetchError, match="no complete answer within 1 s"):
        client.get(url + "/pdf/x")
    assert len(sent) < 60


def test_trickling_llm_endpoint_hits_the_total_deadline(trickle_server, tmp_path, monkeypatch, capsys, caplog):
    url, sent = trickle_server
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper("2606.00001")])
    with PdfServer() as pdfs:
        env = {
            "DIGEST_CONTENT_DIR": str(content),
            "DIGEST_LLM_BASE_URL": url + "/v1",
            "DIGEST_LLM_MODEL": "m",
            "DIGEST_LLM_TIMEOUT": "1",
            "DIGEST_HTTP_ATTEMPTS": "1",
            "DIGEST_ARXIV_PDF_URL": pdfs.pdf_url,
            "DIGEST_PDF_DELAY": "0",
        }
        status, err = run(env, monkeypatch, capsys, "faq")
    assert status == 1 and "every FAQ of this run failed (1)" in err[-1]
    assert "no complete answer within 1 s" in caplog.text
    assert len(sent) < 60


def test_faq_time_budget_counts_from_the_start_of_the_job(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper(i) for i in ids(5)])
    with FakeLLM() as llm, PdfServer() as pdfs:
        env = faq_env(content, llm, pdfs, DIGEST_FAQ_TIME_BUDGET="600")
        # The job began 601 s ago (a slow fetch): its FAQ budget is already spent.
        env["DIGEST_JOB_STARTED"] = str(time.time() - 601)
        status = run(env, monkeypatch, capsys, "faq")[0]
    assert status == 0
    assert llm.requests == [] and pdfs.requests == []


# --- fault 5: a missing content folder, a shrinking site -----------------------------------------


@pytest.mark.parametrize("verb", ["render", "check", "faq"])
def test_missing_content_folder_is_an_error(verb, tmp_path, monkeypatch, capsys):
    settings = settings_for(tmp_path)
    make_content(settings.content_dir, sample_days())
    render_site(settings)
    before = sorted(p for p in settings.site_dir.rglob("*"))
    missing = tmp_path / "nonexistent"
    env = {"DIGEST_SITE_DIR": str(settings.site_dir), "DIGEST_CONTENT_DIR": str(missing)}
    status, err = run(env, monkeypatch, capsys, verb)
    assert status == 1 and len(err) == 1 and "no such content folder" in err[0] and str(missing) in err[0]
    assert sorted(p for p in settings.site_dir.rglob("*")) == before
    assert not missing.exists()


def test_render_that_would_remove_most_pages_stops_unless_allowed(tmp_path, monkeypatch, capsys):
    from test_render_support import day
    from test_render_support import paper as rpaper

    settings = settings_for(tmp_path)
    make_content(settings.content_dir, [day("2026-06-22", [rpaper(f"2606.{i:05d}") for i in range(30)])])
    render_site(settings)
    pages = sorted(settings.site_dir.glob("arxiv/*/index.html"))
    assert len(pages) == 30
    for path in (settings.content_dir / "days").iterdir():
        path.unlink()  # a content folder that lost its days (a bad checkout)
    env = {"DIGEST_SITE_DIR": str(settings.site_dir), "DIGEST_CONTENT_DIR": str(settings.content_dir)}
    status, err = run(env, monkeypatch, capsys, "render")
    assert status == 1 and "would leave 0 of 30 paper pages" in err[-1] and "--allow-shrink" in err[-1]
    assert sorted(settings.site_dir.glob("arxiv/*/index.html")) == pages
    status, err = run(env, monkeypatch, capsys, "render", "--allow-shrink")
    assert status == 0, err
    assert not list(settings.site_dir.glob("arxiv/*/index.html"))


# --- fault 6: environment errors are one line ----------------------------------------------------


def test_unwritable_site_path_is_one_line_with_path_and_cause(tmp_path, monkeypatch, capsys):
    settings = settings_for(tmp_path)
    make_content(settings.content_dir, sample_days())
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {"DIGEST_SITE_DIR": str(blocker / "site"), "DIGEST_CONTENT_DIR": str(settings.content_dir)}
    status, err = run(env, monkeypatch, capsys, "render")
    assert status == 1 and len(err) == 1
    assert err[0].startswith(f"digest: error: {blocker}") and err[0].endswith(("Not a directory", "File exists"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes")
def test_read_only_content_is_one_line_with_path_and_cause(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    write_day(content, "2026-06-24", [paper("2606.00001")])
    with FakeLLM() as llm, PdfServer() as pdfs:
        (content / "days").chmod(0o555)
        content.chmod(0o555)
        try:
            status, err = run(faq_env(content, llm, pdfs), monkeypatch, capsys, "faq")
        finally:
            content.chmod(0o755)
    assert status == 1 and "Permission denied" in err[-1] and str(content) in err[-1]


def test_a_full_disk_is_one_line_naming_the_file(serve_sample_day, arxiv_env, tmp_path):
    """A write that fails half-way (disk full; here the file-size limit, which fails the same way
    without needing a full disk) names the file it was writing and its cause."""
    import resource
    import signal

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    result = subprocess.run(
        [DIGEST, "fetch"],
        env=os.environ | arxiv_env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=small_files,
    )
    err = result.stderr.strip().splitlines()
    day = Path(arxiv_env["DIGEST_CONTENT_DIR"]) / "days" / "2026-06-24.json"
    assert result.returncode == 1 and len(err) == 1, result.stderr
    assert err[0] == f"digest: error: {day}: File too large"
    assert not day.exists() and not list(day.parent.glob(".*.tmp"))
