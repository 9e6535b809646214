#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, then typecheck, lint,
# build, unit tests and browser tests. Ends with one line `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
out=.ci/out
mkdir -p "$out"

if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian chromium for the browser tests…"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi

status=0
step() { echo "== $1"; shift; "$@" || { echo "!! step failed: $*"; status=1; }; }
step typecheck npx tsc -b
step lint npx eslint .
step build npx vite build --logLevel warn
CI_JSON=1 step unit npx vitest run
step e2e npx playwright test

node scripts/summary.mjs "$out" || status=1
exit $status
