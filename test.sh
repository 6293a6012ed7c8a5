#!/usr/bin/env bash
# Runs every check Parley has: formatting, a warnings-as-errors build, the web client's type
# check, and all tests, the browser tests included. It needs the .NET SDK and Node.js with npm;
# Chromium (for the browser tests) and TypeScript (for the type check) are installed here.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

log "restore"
dotnet restore Parley.slnx

log "web client tooling"
# The browser tests drive the distribution's Chromium; browser downloads are not used.
if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium fonts-noto-color-emoji
fi
if [ ! -d node_modules ]; then
  npm ci
fi

log "web client types (tsc --checkJs)"
npx tsc --checkJs --noEmit -p tsconfig.json

log "format (dotnet format --verify-no-changes)"
dotnet format Parley.slnx --verify-no-changes --no-restore

log "build (Release, warnings are errors)"
dotnet build Parley.slnx -c Release --no-restore -warnaserror

log "tests"
results=$(mktemp -d)
status=0
dotnet test Parley.slnx -c Release --no-build --results-directory "$results" 2>&1 | tee "$results/output.txt" || status=$?

# One plain summary line over every test assembly.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$results/output.txt" | tr -d ','  | sed 's/ passed/ passed,/; s/ failed/ failed,/'
rm -rf "$results"
exit "$status"
