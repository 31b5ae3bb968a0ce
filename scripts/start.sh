#!/usr/bin/env bash
# `npm start`: everything needed to run the desktop app from a fresh clone. Needs internet access
# once: Electron downloads its binary on first launch and better-sqlite3 is rebuilt for its ABI.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# app/ holds the runtime dependencies built for Electron; the root keeps Node builds for tests.
if [ ! -d app/node_modules/better-sqlite3 ]; then
  npx electron-builder install-app-deps
fi
npm run -s build
exec npx electron app "$@"
