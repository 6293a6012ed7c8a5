# Sourced by tests/readme-tour.sh and tests/newman.sh: one Parley server from the Release build,
# as a developer runs it (Development environment, development tokens on), for tools outside
# the test project.
#   start_parley_server DIR   start src/Parley's Release build on a free loopback port with
#                             DIR as its data directory; waits until it is ready and exports
#                             PARLEY_URL (http://127.0.0.1:PORT) and PARLEY_DATA (DIR)
#   stop_parley_server        stop it (safe to call more than once); the data directory stays
# Needs `dotnet build -c Release` first, and curl.

parley_server_pid=""
parley_server_log=""

start_parley_server() {
  local root dll port candidate
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  dll=$root/src/Parley/bin/Release/net10.0/Parley.dll
  [ -f "$dll" ] || { echo "no Release build at $dll: run dotnet build -c Release" >&2; return 1; }
  mkdir -p "$1"
  PARLEY_DATA=$(cd "$1" && pwd)
  # A free loopback port: one that nothing answers on.
  port=0
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
  done
  [ "$port" != 0 ] || { echo "no free port for Parley" >&2; return 1; }
  PARLEY_URL=http://127.0.0.1:$port
  export PARLEY_URL PARLEY_DATA
  parley_server_log=$(mktemp /tmp/parley-server.XXXXXX)
  # Started from its own directory, as it is deployed, so its settings files are found.
  (cd "$(dirname "$dll")" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$PARLEY_URL" \
    Parley__DataDirectory="$PARLEY_DATA" Parley__Auth__AllowDevTokens=true \
    dotnet "$dll" >"$parley_server_log" 2>&1) &
  parley_server_pid=$!
  for _ in $(seq 1 120); do
    if curl -fs "$PARLEY_URL/health/ready" >/dev/null 2>&1; then
      echo "Parley on $PARLEY_URL, data in $PARLEY_DATA"
      return 0
    fi
    if ! kill -0 "$parley_server_pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "Parley did not start; its output:" >&2
  cat "$parley_server_log" >&2
  stop_parley_server
  return 1
}

stop_parley_server() {
  [ -n "$parley_server_pid" ] || return 0
  kill "$parley_server_pid" 2>/dev/null || true
  wait "$parley_server_pid" 2>/dev/null || true
  rm -f "$parley_server_log"
  parley_server_pid=""
}
