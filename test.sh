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

log "PostgreSQL for the tests"
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  apt_install postgresql
fi
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/parley-pg.XXXXXX)
results=$(mktemp -d)
# initdb refuses to run as root: as root, the cluster belongs to the postgres user.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$pgdir" "$results"
}
trap cleanup EXIT
if [ "$(id -u)" = 0 ]; then chown postgres: "$pgdir"; fi
as_postgres "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
# A free loopback port: one that nothing answers on.
port=0
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ "$port" != 0 ] || { echo "no free port for PostgreSQL" >&2; exit 1; }
# Durability settings off: the cluster is thrown away, and the tests run faster.
as_postgres "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -o \
  "-p $port -c listen_addresses=127.0.0.1 -k $pgdir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
export PARLEY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"

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
