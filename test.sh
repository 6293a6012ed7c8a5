#!/usr/bin/env bash
# Runs every check Parley has: formatting, a warnings-as-errors build, the web client's type
# check, a smoke run of the benchmark harness, and all tests, twice: once as shipped (SQLite,
# the browser tests included) and once with the API and live-event tests on PostgreSQL. It needs
# the .NET SDK and Node.js with npm; Chromium, PostgreSQL, wrk, gnuplot (Debian's packages) and
# TypeScript are installed here when missing, and a throwaway PostgreSQL cluster is started for
# the tests and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

# Debian packages, installed once when missing.
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$@"
}

log "restore"
dotnet restore Parley.slnx

log "web client tooling"
# The browser tests drive the distribution's Chromium; browser downloads are not used.
if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then
  apt_install chromium fonts-noto-color-emoji
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

log "benchmark harness smoke run (tiny; checks only that it produces well-formed results)"
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
command -v curl >/dev/null || missing+=(curl)
[[ -x /usr/bin/time ]] || missing+=(time)
if [[ ${#missing[@]} -gt 0 ]]; then
  apt_install "${missing[@]}"
fi
bench/run --smoke --no-build
bench/Tool/bin/Release/net10.0/parley-bench validate --in bench/results/smoke.json \
  --expect-groups ceiling,send,read,compat,postgres,live,growth,memory \
  --expect ceiling-echo,ceiling-json,send-many,send-hot,page-10,page-50,after-seq,inbox,compat-post,compat-get-10,compat-get-1000,pg-send-many,pg-send-hot,pg-page-10,fanout,memory-stream

# What the README and the Postman collection promise, checked against a real server: the curl
# tour twice on the same data directory (it must be re-runnable), the collection twice in a row.
log "README curl tour and Postman collection (newman), on fresh servers"
if ! command -v jq >/dev/null || ! command -v curl >/dev/null; then
  apt_install jq curl
fi
if [ ! -x node_modules/.bin/newman ]; then
  npm ci
fi
tour_data=$(mktemp -d /tmp/parley-tour.XXXXXX)
tests/readme-tour.sh "$tour_data"
tests/readme-tour.sh "$tour_data"
rm -rf "$tour_data"
tests/newman.sh
tests/contract.sh --no-build

log "PostgreSQL for the tests"
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  apt_install postgresql
fi
# shellcheck source=tests/postgres.sh
. tests/postgres.sh
results=$(mktemp -d)
cleanup() {
  stop_test_postgres
  rm -rf "$results"
}
trap cleanup EXIT
start_test_postgres

status=0
log "tests, on SQLite (and the PostgreSQL store, multi-instance and outage tests)"
dotnet test Parley.slnx -c Release --no-build --results-directory "$results" 2>&1 | tee "$results/sqlite.txt" || status=$?

# The API and live-event tests again, each test class on a fresh PostgreSQL database. The
# storage and PostgreSQL-specific tests already ran above; SQLite-only tests live outside
# these two namespaces.
log "tests, on PostgreSQL (API and live events)"
PARLEY_TEST_PROVIDER=Postgres dotnet test Parley.slnx -c Release --no-build --results-directory "$results" \
  --filter "FullyQualifiedName~Parley.Tests.Api.|FullyQualifiedName~Parley.Tests.Events." 2>&1 \
  | tee "$results/postgres.txt" || status=$?

# One plain summary line over both passes.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$results/sqlite.txt" "$results/postgres.txt" \
  | tr -d ',' | sed 's/ passed/ passed,/; s/ failed/ failed,/'
exit "$status"
