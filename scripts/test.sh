#!/usr/bin/env bash
# The test command (README "Run the tests", .ci/run and .github/workflows/ci.yml all call this).
# Installs the package with its test extras into .venv and the npm test tools, checks lint, format
# and types (ruff, mypy; configured in pyproject.toml), then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q --require-hashes -r requirements-test.lock && .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# The habits: lint, format and types first (seconds), so a red run says why at once.
.venv/bin/ruff check generator tests scripts benchmarks
.venv/bin/ruff format --check generator tests scripts benchmarks
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
