#!/usr/bin/env bash
# Regenerate the hashed lock files from pyproject.toml (run after changing a dependency, and now
# and then to take security fixes; commit the result):
#
#   requirements.lock       what the daily workflow installs (runtime + the setuptools that builds us)
#   requirements-test.lock  what .ci/run and scripts/test.sh install (+ test extras, ruff, mypy)
#
# Both are installed with `pip install --require-hashes`, so a changed or substituted file on the
# index fails the install instead of running in the job that holds push rights and the LLM key.
# Needs uv (`pip install uv`); resolves for every platform from Python 3.11 on.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-uv}"
build=$(mktemp)
dev=$(mktemp)
trap 'rm -f "$build" "$dev"' EXIT
printf 'setuptools>=77\n' >"$build"
printf 'ruff\nmypy\n' >"$dev"
common=(--generate-hashes --universal --python-version 3.11 --no-header --quiet)
"$UV" pip compile "${common[@]}" pyproject.toml "$build" -o requirements.lock
"$UV" pip compile "${common[@]}" --extra test pyproject.toml "$build" "$dev" -o requirements-test.lock
# The inputs are temp files: name them in the "via" comments instead, so a rerun does not churn.
sed -i -e "s|-r $build|the build backend (scripts/lock.sh)|" -e "s|-r $dev|developer tools (scripts/lock.sh)|" \
  requirements.lock requirements-test.lock
echo "wrote requirements.lock and requirements-test.lock"
