#!/usr/bin/env bash
# Runs every check Parley has: formatting, a warnings-as-errors build, a smoke run of the
# benchmark harness, and all tests. It needs the .NET SDK; the harness's tools (wrk, gnuplot,
# GNU time, curl) are installed here with apt when missing.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

log "restore"
dotnet restore Parley.slnx

log "format (dotnet format --verify-no-changes)"
dotnet format Parley.slnx --verify-no-changes --no-restore

log "build (Release, warnings are errors)"
dotnet build Parley.slnx -c Release --no-restore -warnaserror

log "benchmark harness smoke run (tiny; checks only that it produces well-formed results)"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
command -v curl >/dev/null || missing+=(curl)
[[ -x /usr/bin/time ]] || missing+=(time)
if [[ ${#missing[@]} -gt 0 ]]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bench/run --smoke --no-build
bench/Tool/bin/Release/net10.0/parley-bench validate --in bench/results/smoke.json \
  --expect-groups ceiling,send,read,compat,live,growth,memory \
  --expect ceiling-echo,ceiling-json,send-many,send-hot,page-10,page-50,after-seq,inbox,compat-post,compat-get-10,compat-get-1000,fanout,memory-stream

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
