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
  push_content
  echo "content committed ($1): $(git rev-parse --short HEAD)"
}

# main may move during a long run (a code push, a hand edit, another run): rebase our content
# commit on top of it and push, a bounded number of times. The listing feed serves only the latest
# announcement, so a commit that is never pushed can lose the day for good.
PUSH_ATTEMPTS="${DIGEST_PUSH_ATTEMPTS:-5}"
push_content() {
  local branch attempt
  branch=$(git rev-parse --abbrev-ref HEAD)
  for ((attempt = 1; attempt <= PUSH_ATTEMPTS; attempt++)); do
    git fetch -q origin "$branch"
    if ! git rebase -q "origin/$branch" >/dev/null 2>&1; then
      git rebase --abort 2>/dev/null || true
      merge_content "$branch"
    fi
    if git push -q origin "HEAD:$branch"; then
      return 0
    fi
    echo "push rejected (attempt $attempt of $PUSH_ATTEMPTS): origin moved; retrying" >&2
    sleep "$attempt"
  done
  echo "error: could not push the content commit after $PUSH_ATTEMPTS attempts" >&2
  return 1
}

# A rebase conflict in content/: never leave markers. Replay our commit's files on top of origin,
# merging each day file paper by paper (`digest merge-day`); other files (FAQs) are ours.
merge_content() {
  local branch="$1" ours tmp f
  ours=$(git rev-parse HEAD)
  tmp=$(mktemp -d)
  git diff --name-only -z --diff-filter=AM "origin/$branch...$ours" -- content/ >"$tmp/files"
  while IFS= read -r -d '' f; do
    mkdir -p "$tmp/ours/$(dirname "$f")"
    git show "$ours:$f" >"$tmp/ours/$f"
  done <"$tmp/files"
  git reset -q --hard "origin/$branch"
  while IFS= read -r -d '' f; do
    mkdir -p "$(dirname "$f")"
    if [[ "$f" == content/days/*.json && -f "$f" ]]; then
      "$DIGEST" merge-day "$f" "$tmp/ours/$f"
    else
      cp "$tmp/ours/$f" "$f"
    fi
  done <"$tmp/files"
  git add -A -- content/ ':(exclude,glob)content/**/.*'
  if ! git diff --cached --quiet; then
    git -c user.name="github-actions[bot]" \
        -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
        commit -q -m "$(git log -1 --format=%B "$ours")"
  fi
  rm -rf "$tmp"
  echo "merged our content commit into origin/$branch after a conflict"
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

# The GitHub Pages address of the repository in GITHUB_REPOSITORY ("owner/name"): a user or
# organisation site (a repository named <owner>.github.io) is served at the root, any other
# repository under /<name>/. Host names are lower case; the path keeps the repository's spelling.
pages_url() {
  local owner="${GITHUB_REPOSITORY%%/*}" name="${GITHUB_REPOSITORY#*/}"
  local host="${owner,,}.github.io"
  if [ "${name,,}" = "$host" ]; then
    echo "https://$host/"
  else
    echo "https://$host/$name/"
  fi
}

build() {
  # A repository variable wins (custom domain); otherwise the Pages address of this repository.
  if [ -z "${DIGEST_BASE_URL:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ]; then
    DIGEST_BASE_URL="$(pages_url)"
    export DIGEST_BASE_URL
  fi
  "$DIGEST" render
}

case "${1:-}" in
  update) update ;;
  build) build ;;
  pages-url) pages_url ;;
  *) echo "usage: scripts/daily.sh update|build|pages-url" >&2; exit 2 ;;
esac
