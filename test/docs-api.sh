#!/usr/bin/env bash
# API.md is current: generates the API reference from the assembly of the last build (.jsii, which
# .ci/run builds just before) into a temporary file and compares it with the committed API.md.
# Run by .ci/run after jest: regenerating includes a jsii build (about 30 s), too slow for a jest test.
# Prints PASS/FAIL; `npm run docs:api` regenerates API.md (build included).
set -uo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -f .jsii ] || { echo "FAIL docs-api: no .jsii to document: run npm run build first"; exit 1; }
if ! node_modules/.bin/jsii-docgen -o "$tmp/API.md" >"$tmp/log" 2>&1; then
  cat "$tmp/log"
  echo "FAIL docs-api: jsii-docgen failed"
  exit 1
fi
if cmp -s "$tmp/API.md" API.md; then
  echo "PASS docs-api: API.md matches the public API"
else
  diff -u API.md "$tmp/API.md" 2>&1 | head -40
  echo "FAIL docs-api: API.md is stale: run npm run docs:api and commit API.md"
  exit 1
fi
