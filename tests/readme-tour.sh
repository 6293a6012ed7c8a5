#!/usr/bin/env bash
# Runs README.md's "A tour with curl" against a fresh Parley server (the Release build, as
# `dotnet run` would start it: Development, development tokens on) and checks that every command
# prints what the README shows (tests/readme-tour.mjs). Needs curl, jq, Node.js and a Release build.
#   tests/readme-tour.sh            on a new data directory, removed afterwards
#   tests/readme-tour.sh DIR        on DIR, kept: run it twice to check the tour is re-runnable
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/parley-server.sh
. tests/parley-server.sh

data=${1:-}
keep=1
if [ -z "$data" ]; then
  data=$(mktemp -d /tmp/parley-tour.XXXXXX)
  keep=0
fi
cleanup() {
  stop_parley_server
  if [ "$keep" = 0 ]; then rm -rf "$data"; fi
}
trap cleanup EXIT

start_parley_server "$data"
node tests/readme-tour.mjs "$PARLEY_URL" "$PARLEY_DATA"
