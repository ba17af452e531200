"""The daily workflow's exact command sequence (scripts/daily.sh), end to end against loopback
arXiv, PDF and LLM servers, in a scratch git repository with a bare "origin"."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_CATEGORIES, SAMPLE_DATE
from llm_server import FakeLLM, PdfServer
from test_faq import paper

from generator.content.model import Day
from generator.content.store import dumps

ROOT = Path(__file__).resolve().parent.parent
CANARY = "sk-canary-daily-0123456789abcdef"
DIGEST = str(Path(sys.executable).parent / "digest")


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


def daily_env(arxiv_env: dict[str, str]) -> dict[str, str]:
    """The environment daily.sh runs with: loopback arXiv, our digest, content/ and site/ in the clone."""
    return (
        dict(os.environ)
        | arxiv_env
        | {
            "DIGEST": str(Path(sys.executable).parent / "digest"),
            "DIGEST_CONTENT_DIR": "content",
            "DIGEST_SITE_DIR": "site",
        }
    )


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
        env = daily_env(arxiv_env) | (
            {
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
    env = daily_env(arxiv_env)
    assert daily(repo, env, "update").returncode == 0
    over = daily(repo, env | {"DIGEST_SITE_BUDGET_MB": "0"}, "build")
    assert over.returncode == 1
    assert "budget" in over.stderr.strip().splitlines()[-1]


def test_update_without_llm_key_says_faqs_skipped(repo, serve_sample_day, arxiv_env):
    env = daily_env(arxiv_env)
    env = {k: v for k, v in env.items() if not k.startswith(("DIGEST_LLM", "OPENAI_"))}
    result = daily(repo, env, "update")
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stdout
    assert not (repo / "content" / "faqs").exists()


def test_killed_faq_run_still_commits_the_listing_and_finished_faqs(repo, serve_sample_day, arxiv_env, tmp_path):
    """A job timeout mid-FAQ (simulated: `digest faq` killed once 3 FAQs are written) loses nothing
    finished. The kill waits for that event, not for a fixed time, so a loaded machine cannot
    turn it into a kill before the first FAQ."""
    real = Path(sys.executable).parent / "digest"
    wrapper = tmp_path / "digest-with-timeout"
    wrapper.write_text(
        "#!/usr/bin/env bash\n"
        f'if [ "$1" != faq ]; then exec {real} "$@"; fi\n'
        f'{real} "$@" & pid=$!\n'
        'until [ "$(ls content/faqs 2>/dev/null | wc -l)" -ge 3 ]; do\n'
        '  kill -0 "$pid" 2>/dev/null || { wait "$pid"; exit $?; }\n'
        "  sleep 0.05\n"
        "done\n"
        'kill -KILL "$pid"; wait "$pid"\n'
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


def _racing_git(tmp_path: Path, origin: Path, change: str) -> dict[str, str]:
    """A `git` first on PATH that, just before our first push, lands `change` (a shell snippet run
    in another clone) on origin: the commit that arrives between our pull and our push."""
    real = shutil.which("git")
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(origin), str(other))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    race = (
        f"cd {other} && {real} pull -q origin main && {{ {change}; }} && {real} add -A && "
        f"{real} -c user.name=o -c user.email=o@example.org commit -q -m other && {real} push -q origin HEAD:main"
    )
    (bindir / "git").write_text(
        f'#!/usr/bin/env bash\nif [ "$1" = push ] && [ ! -e {tmp_path}/raced ]; then\n'
        f'  touch {tmp_path}/raced; ( {race} ) >&2 || exit 99\nfi\nexec {real} "$@"\n'
    )
    (bindir / "git").chmod(0o755)
    return {"PATH": f"{bindir}:{os.environ['PATH']}"}


def _no_llm_env(arxiv_env) -> dict[str, str]:
    env = os.environ | arxiv_env | {"DIGEST": DIGEST, "DIGEST_CONTENT_DIR": "content", "DIGEST_SITE_DIR": "site"}
    return {k: v for k, v in env.items() if not k.startswith(("DIGEST_LLM", "OPENAI_"))}


def test_push_rejected_because_origin_moved_is_retried_and_the_day_lands(repo, serve_sample_day, arxiv_env, tmp_path):
    origin = tmp_path / "origin.git"
    env = _no_llm_env(arxiv_env) | _racing_git(tmp_path, origin, "echo hi > NOTES.txt")
    result = daily(repo, env, "update")
    assert result.returncode == 0, result.stderr
    assert "push rejected (attempt 1" in result.stderr
    log = git(repo, "log", "--format=%s", "origin/main").splitlines()
    assert log[:2] == [f"content: listing {SAMPLE_DATE}", "other"]
    assert git(repo, "ls-tree", "--name-only", "origin/main", f"content/days/{SAMPLE_DATE}.json")


def test_concurrent_edit_of_the_same_day_file_is_merged_by_paper(repo, serve_sample_day, arxiv_env, tmp_path):
    origin = tmp_path / "origin.git"
    theirs = Day(date=SAMPLE_DATE, categories=("cs.AI",), papers=(paper("2606.99999"),))
    theirs_file = tmp_path / "theirs.json"
    theirs_file.write_bytes(dumps(theirs.to_dict()))
    change = f"mkdir -p content/days && cp {theirs_file} content/days/{SAMPLE_DATE}.json"
    env = _no_llm_env(arxiv_env) | _racing_git(tmp_path, origin, change)
    result = daily(repo, env, "update")
    assert result.returncode == 0, result.stderr
    merged = git(repo, "show", f"origin/main:content/days/{SAMPLE_DATE}.json")
    assert "<<<<<<<" not in merged and ">>>>>>>" not in merged
    ids = {p.id for p in Day.from_dict(json.loads(merged)).papers}
    assert "2606.99999" in ids and len(ids) == 267
    assert git(repo, "status", "--porcelain", "--", "content") == ""
