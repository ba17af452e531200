"""The GitHub Actions workflows pass the offline linters and keep the rules the pipeline relies on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML  # comes with check-jsonschema (a test extra)

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def load(name: str) -> dict:
    return YAML(typ="safe").load((ROOT / ".github" / "workflows" / name).read_text())


def test_workflows_match_github_schema():
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_offline_finds_nothing():
    result = subprocess.run(
        [
            str(BIN / "zizmor"),
            "--offline",
            "--config",
            str(ROOT / ".github" / "zizmor.yml"),
            str(ROOT / ".github" / "workflows"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_every_job_has_timeout_and_least_privilege():
    for path in WORKFLOWS:
        flow = load(path.name)
        assert flow["permissions"] == {}, path.name
        for name, job in flow["jobs"].items():
            assert "timeout-minutes" in job, f"{path.name}:{name}"
            assert "permissions" in job, f"{path.name}:{name}"


def test_no_untrusted_expressions_in_run_scripts():
    for path in WORKFLOWS:
        for job in load(path.name)["jobs"].values():
            for step in job.get("steps", []):
                assert not re.search(r"\$\{\{\s*(github\.event|inputs)\.", step.get("run", "")), step


def test_daily_pipeline_steps_are_digest_commands_covered_by_tests():
    flow = load("daily.yml")
    runs = [s["run"] for j in flow["jobs"].values() for s in j.get("steps", []) if "run" in s]
    assert any("scripts/daily.sh update" in r for r in runs)
    assert any("scripts/daily.sh build" in r for r in runs)
    key_steps = [
        s for j in flow["jobs"].values() for s in j.get("steps", []) if "DIGEST_LLM_API_KEY" in (s.get("env") or {})
    ]
    assert len(key_steps) == 1  # the key reaches exactly one step
    crons = [c["cron"] for c in flow["on"]["schedule"]]
    assert all(c.split()[0] not in ("0", "30") and c.split()[4] == "1-5" for c in crons)
    groups = {j["concurrency"]["group"] for j in flow["jobs"].values() if "concurrency" in j}
    assert {"content-update", "pages"} <= groups


def test_ci_workflow_runs_the_same_test_command():
    steps = load("ci.yml")["jobs"]["test"]["steps"]
    assert any(s.get("run") == "bash .ci/run" for s in steps)
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.parametrize(
    ("repository", "url"),
    [
        ("Someone/digest", "https://someone.github.io/digest/"),
        ("Someone/someone.github.io", "https://someone.github.io/"),
        ("my-org/My-Org.GitHub.io", "https://my-org.github.io/"),
    ],
)
def test_the_default_site_url_fits_project_and_user_sites(repository, url):
    script = Path(__file__).resolve().parent.parent / "scripts" / "daily.sh"
    env = {"PATH": os.environ["PATH"], "GITHUB_REPOSITORY": repository}
    out = subprocess.run(["bash", str(script), "pages-url"], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == url
