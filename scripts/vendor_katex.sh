#!/usr/bin/env bash
# Copy KaTeX from node_modules (npm registry, version pinned in package-lock.json) into the
# package's static files, so the site serves math typesetting itself (no CDN). Only woff2 fonts
# are shipped; the CSS is rewritten to reference just those. Rerun after `npm install katex@X`.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/katex
dst=generator/static/vendor/katex
[ -d "$src/dist" ] || { echo "run 'npm ci' first" >&2; exit 1; }
rm -rf "$dst"
mkdir -p "$dst/fonts"
cp "$src/dist/katex.min.js" "$src/dist/contrib/auto-render.min.js" "$dst/"
cp "$src/dist/fonts/"*.woff2 "$dst/fonts/"
cp "$src/LICENSE" "$dst/LICENSE"
# url(fonts/X.woff2) format("woff2"),url(fonts/X.woff) format("woff"),url(fonts/X.ttf) format("truetype")
sed -E 's/,url\(fonts\/[A-Za-z0-9_-]+\.woff\) format\("woff"\),url\(fonts\/[A-Za-z0-9_-]+\.ttf\) format\("truetype"\)//g' \
  "$src/dist/katex.min.css" > "$dst/katex.min.css"
if grep -q '\.ttf' "$dst/katex.min.css"; then echo "katex.min.css still references .ttf fonts" >&2; exit 1; fi
node -p "require('./$src/package.json').version" > "$dst/VERSION"
echo "vendored KaTeX $(cat "$dst/VERSION") into $dst"
