#!/usr/bin/env bash
# Longer runs of the reliability and security tests than ./test.sh does (docs/reliability.md):
# many SIGKILLs of the real server under heavier load (on SQLite and PostgreSQL), SIGTERM under load, far more hostile
# inputs, more random isolation scenarios, a longer abuse run (hostile users at every limit, on both stores).
# Everything targets 127.0.0.1 and stops by itself.
# Each knob below can be set from the environment. The figures are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

export PARLEY_SOAK=1
export PARLEY_SOAK_KILLS="${PARLEY_SOAK_KILLS:-30}"
export PARLEY_SOAK_ACKS_BETWEEN_KILLS="${PARLEY_SOAK_ACKS_BETWEEN_KILLS:-400}"
export PARLEY_SOAK_STOPS="${PARLEY_SOAK_STOPS:-10}"
export PARLEY_HOSTILE_ITERATIONS="${PARLEY_HOSTILE_ITERATIONS:-100000}"
export PARLEY_ISOLATION_ITERATIONS="${PARLEY_ISOLATION_ITERATIONS:-40}"
export PARLEY_SOAK_ABUSE_SECONDS="${PARLEY_SOAK_ABUSE_SECONDS:-120}"
export PARLEY_SOAK_ABUSE_MESSAGES="${PARLEY_SOAK_ABUSE_MESSAGES:-5000}"
export PARLEY_FIGURES="${PARLEY_FIGURES:-$(mktemp -t parley-soak-figures.XXXXXX)}"

dotnet build Parley.slnx -c Release -warnaserror

# The crash and shutdown tests run on SQLite and, on this throwaway cluster, on PostgreSQL.
# shellcheck source=tests/postgres.sh
. tests/postgres.sh
trap stop_test_postgres EXIT
start_test_postgres
dotnet test tests/Parley.Tests -c Release --no-build \
  --filter "Category=Soak|FullyQualifiedName~GracefulShutdownTests|FullyQualifiedName~HostileInputTests|FullyQualifiedName~IsolationTests"

printf '\n== figures (%s)\n' "$PARLEY_FIGURES"
cat "$PARLEY_FIGURES"
