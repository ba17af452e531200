"""The daily workflow's exact command sequence (scripts/daily.sh), end to end against loopback
arXiv, PDF and LLM servers, in a scratch git repository with a bare "origin"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_CATEGORIES, SAMPLE_DATE
from llm_server import FakeLLM, PdfServer

ROOT = Path(__file__).resolve().parent.parent
CANARY = "sk-canary-daily-0123456789abcdef"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    (work / "digest.toml").write_text(f"categories = {SAMPLE_CATEGORIES.split(',')!r}\n".replace("'", '"'))
    git(work, "add", "digest.toml")
    git(work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "init")
    git(work, "push", "-q", "origin", "HEAD:main")
    git(work, "branch", "-q", "--set-upstream-to=origin/main")
    return work


def daily(work: Path, env: dict[str, str], step: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "daily.sh"), step],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_daily_sequence_commits_listing_then_faqs_builds_site_and_second_run_changes_nothing(
    repo, serve_sample_day, arxiv_env
):
    with FakeLLM() as llm, PdfServer() as pdfs:
        env = (
            os.environ
            | arxiv_env
            | {
                "DIGEST": str(Path(sys.executable).parent / "digest"),
                "DIGEST_CONTENT_DIR": "content",
                "DIGEST_SITE_DIR": "site",
                "DIGEST_LLM_BASE_URL": llm.base_url,
                "DIGEST_LLM_API_KEY": CANARY,
                "DIGEST_LLM_MODEL": "test-model",
                "DIGEST_LLM_CONCURRENCY": "8",
                "DIGEST_ARXIV_PDF_URL": pdfs.pdf_url,
                "DIGEST_PDF_DELAY": "0",
            }
        )
        first = daily(repo, env, "update")
        assert first.returncode == 0, first.stderr
        origin_head = git(repo, "rev-parse", "origin/main")
        # The listing is committed (and pushed) before the FAQ run starts, then the FAQs.
        assert git(repo, "log", "-2", "--format=%s", origin_head).splitlines() == [
            "content: faqs",
            f"content: listing {SAMPLE_DATE}",
        ]
        assert len(list((repo / "content" / "faqs").glob("*.json"))) == 266
        assert len(llm.requests) == 266

        build = daily(repo, env, "build")
        assert build.returncode == 0, build.stderr
        assert (repo / "site" / "index.html").is_file()
        assert (repo / "site" / "feeds.opml").is_file()

        second = daily(repo, env, "update")
        assert second.returncode == 0, second.stderr
        assert "content unchanged: nothing to commit (listing)" in second.stdout
        assert "content unchanged: nothing to commit (faqs)" in second.stdout
        assert git(repo, "rev-parse", "origin/main") == origin_head
        assert len(llm.requests) == 266  # every FAQ came from the cache

        everything = first.stdout + first.stderr + second.stdout + second.stderr + build.stdout + build.stderr
        assert CANARY not in everything
        assert not any(CANARY in p.read_text() for p in (repo / "content").rglob("*.json"))
        assert not any(CANARY.encode() in p.read_bytes() for p in (repo / "site").rglob("*") if p.is_file())


def test_build_fails_clearly_over_the_site_budget(repo, serve_sample_day, arxiv_env):
    env = (
        os.environ
        | arxiv_env
        | {
            "DIGEST": str(Path(sys.executable).parent / "digest"),
            "DIGEST_CONTENT_DIR": "content",
            "DIGEST_SITE_DIR": "site",
        }
    )
    assert daily(repo, env, "update").returncode == 0
    over = daily(repo, env | {"DIGEST_SITE_BUDGET_MB": "0"}, "build")
    assert over.returncode == 1
    assert "budget" in over.stderr.strip().splitlines()[-1]


def test_update_without_llm_key_says_faqs_skipped(repo, serve_sample_day, arxiv_env):
    env = (
        os.environ
        | arxiv_env
        | {
            "DIGEST": str(Path(sys.executable).parent / "digest"),
            "DIGEST_CONTENT_DIR": "content",
            "DIGEST_SITE_DIR": "site",
        }
    )
    env = {k: v for k, v in env.items() if not k.startswith(("DIGEST_LLM", "OPENAI_"))}
    result = daily(repo, env, "update")
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stdout
    assert not (repo / "content" / "faqs").exists()


def test_killed_faq_run_still_commits_the_listing_and_finished_faqs(repo, serve_sample_day, arxiv_env, tmp_path):
    """A job timeout mid-FAQ (simulated: `digest faq` killed after 3 s) loses nothing finished."""
    real = Path(sys.executable).parent / "digest"
    wrapper = tmp_path / "digest-with-timeout"
    wrapper.write_text(
        f'#!/usr/bin/env bash\nif [ "$1" = faq ]; then exec timeout -s KILL 3 {real} "$@"; fi\nexec {real} "$@"\n'
    )
    wrapper.chmod(0o755)
    with FakeLLM(latency=0.3) as llm, PdfServer() as pdfs:
        env = (
            os.environ
            | arxiv_env
            | {
                "DIGEST": str(wrapper),
                "DIGEST_CONTENT_DIR": "content",
                "DIGEST_SITE_DIR": "site",
                "DIGEST_LLM_BASE_URL": llm.base_url,
                "DIGEST_LLM_MODEL": "m",
                "DIGEST_LLM_CONCURRENCY": "1",
                "DIGEST_ARXIV_PDF_URL": pdfs.pdf_url,
                "DIGEST_PDF_DELAY": "0",
            }
        )
        result = daily(repo, env, "update")
    assert result.returncode == 137  # the FAQ step's failure is still the job's result
    log = git(repo, "log", "--format=%s", "origin/main").splitlines()
    assert log[:2] == ["content: faqs", f"content: listing {SAMPLE_DATE}"]
    committed = git(repo, "ls-tree", "-r", "--name-only", "origin/main", "content/faqs").splitlines()
    assert 1 <= len(committed) < 266
