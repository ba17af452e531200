#!/usr/bin/env bash
# The test command (README "Run the tests", .ci/run and .github/workflows/ci.yml all call this).
# Installs the package with its test extras into .venv, the npm test tools if any, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q --require-hashes -r requirements-test.lock && .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec .venv/bin/python -m pytest "$@"
