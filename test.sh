#!/usr/bin/env bash
# Runs every check Parley has: formatting, a warnings-as-errors build, and all tests.
# It needs only the .NET SDK today; anything later tests need is installed here first.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

log "restore"
dotnet restore Parley.slnx

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
