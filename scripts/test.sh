#!/usr/bin/env bash
# The one test command (npm test): system packages, node modules, static checks, unit and
# integration tests against a private Dovecot, then the Playwright end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1

bash scripts/ensure-system-deps.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

step() { printf '\n== %s\n' "$*"; }
step "type-check (shared, renderer, main, then everything with tests)"; npm run -s typecheck
step "lint"; npx eslint .
step "format"; npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
step "unit and integration tests"; npx vitest run "$@"
if [ -f playwright.config.ts ]; then
  step "end-to-end tests"; npx playwright test
fi
