#!/usr/bin/env bash
# `npm start`: everything needed to run the desktop app from a fresh clone. Needs internet access
# once: Electron's binary is downloaded and better-sqlite3 is rebuilt for Electron's ABI. Each
# step that can fail says in one line on stderr what failed and what to do (its full output goes
# to a log file), instead of a stack trace or a silent wait.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
LOG="$PWD/.tmp/start.log"
: >"$LOG"

fail() { # status, what failed, what to do
  printf 'npm start: %s; %s (details: %s)\n' "$2" "$3" "$LOG" >&2
  exit "$1"
}
# Runs a step with its output in the log, bounded in time so a stalled download cannot hang.
step() { # seconds, command...
  local seconds=$1
  shift
  timeout "$seconds" "$@" >>"$LOG" 2>&1
}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo 'npm start: installing the npm modules…' >&2
  step 900 npm ci --no-audit --no-fund ||
    fail 3 'npm ci failed' 'check the internet connection and Node 20.19+/npm 11, then run npm start again'
fi

# Electron's binary: its own installer, with the download switched back on if the environment
# turned it off (npm test does), so that a missing binary is fetched here and not at launch.
# (Checked through path.txt: require('electron') would itself start a download, with a stack trace.)
electron_binary() {
  local relative
  relative=$(cat node_modules/electron/path.txt 2>/dev/null) && [ -x "node_modules/electron/dist/$relative" ]
}
if ! electron_binary; then
  echo 'npm start: downloading the Electron binary (first run only)…' >&2
  step 900 env -u ELECTRON_SKIP_BINARY_DOWNLOAD node node_modules/electron/install.js ||
    fail 4 'the Electron download failed' \
      'check the internet connection (or set ELECTRON_MIRROR / ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY), then run npm start again'
fi

# app/ holds the runtime dependencies built for Electron; the root keeps Node builds for tests.
if [ ! -d app/node_modules/better-sqlite3 ]; then
  echo 'npm start: rebuilding better-sqlite3 for Electron (first run only)…' >&2
  step 900 npx electron-builder install-app-deps || {
    rm -rf app/node_modules/better-sqlite3
    fail 5 'rebuilding better-sqlite3 for Electron failed' \
      'it needs internet once for Electron'"'"'s headers and a C++ toolchain (apt-get install build-essential python3), then run npm start again'
  }
fi

step 600 npm run -s build || fail 6 'building the app failed' 'run npm run build to see why'
# The main process syncs: it gets the CLI's V8 flags (CLI_NODE_FLAGS in scripts/build-app.ts), which
# only a switch on Electron's own command line reaches (app.commandLine reaches the renderers).
exec npx electron --js-flags="--max-semi-space-size=4 --heap-growing-percent=50" app "$@"
