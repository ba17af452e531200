#!/usr/bin/env bash
# The daily pipeline, one `digest` command per step. .github/workflows/daily.yml calls these
# sub-commands and tests/test_daily.py runs the very same ones against loopback servers.
#
#   scripts/daily.sh update   fetch the latest announcement and commit it, then precompute FAQs and
#                             commit them; each commit is pushed when (and only when) content/
#                             changed, so a failing or timed-out FAQ run never loses the day
#   scripts/daily.sh build    render site/ (fails when site/ exceeds its size budget)
#
# Environment: DIGEST_DATE (optional expected announcement date), the DIGEST_* settings, and
# DIGEST_LLM_API_KEY (optional; without it FAQs are skipped with a one-line notice).
set -euo pipefail
DIGEST="${DIGEST:-digest}"
# The FAQ time budget counts from the start of the job, not of the FAQ step (generator/cli.py).
export DIGEST_JOB_STARTED="${DIGEST_JOB_STARTED:-$(date +%s)}"

commit_content() {
  "$DIGEST" check
  # Dotfiles (a run's lock, the temp file of a killed write) are never content.
  git add -A -- content/ ':(exclude,glob)content/**/.*'
  if git diff --cached --quiet; then
    echo "content unchanged: nothing to commit ($1)"
    return 0
  fi
  local days
  days=$(git diff --cached --name-only -- content/days | sed -n 's|content/days/\(.*\)\.json|\1|p' | tr '\n' ' ')
  git -c user.name="github-actions[bot]" \
      -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
      commit -q -m "content: $1 ${days% }"
  # main may have moved during a long run (a code push): rebase our content commit on top of it.
  git pull -q --rebase origin "$(git rev-parse --abbrev-ref HEAD)"
  git push -q origin HEAD
  echo "content committed ($1): $(git rev-parse --short HEAD)"
}

update() {
  if [ -n "${DIGEST_DATE:-}" ]; then
    "$DIGEST" fetch --date "$DIGEST_DATE"
  else
    "$DIGEST" fetch
  fi
  commit_content listing
  local status=0
  "$DIGEST" faq || status=$?
  # Whatever the FAQ run finished before failing is kept: each FAQ file is written atomically.
  commit_content faqs
  return "$status"
}

build() {
  "$DIGEST" render
}

case "${1:-}" in
  update) update ;;
  build) build ;;
  *) echo "usage: scripts/daily.sh update|build" >&2; exit 2 ;;
esac
