#!/usr/bin/env bash
# Proves /openapi/v1.json with tools Parley does not write: a Release build of the server is
# started on a free 127.0.0.1 port with a temporary data directory, and the document it
# publishes must
#   1. pass `redocly lint` (rules in redocly.yaml) with no errors;
#   2. generate a TypeScript client (openapi-typescript + openapi-fetch) that compiles the
#      README's calls in tests/clients/typescript with no casts, and runs them against the server;
#   3. generate a C# client (Kiota) that compiles the same calls in tests/clients/csharp, and
#      runs them against the server too.
# Generated code goes to git-ignored folders beside the samples. It needs the .NET SDK, Node.js
# with npm, and curl; the npm packages and the Kiota tool are installed from their lock files.
# `--no-build` skips building the server (test.sh has just built it).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== contract: %s\n' "$*"; }

if [[ "${1:-}" != "--no-build" ]]; then
  log "build the server (Release)"
  dotnet build src/Parley/Parley.csproj -c Release -warnaserror
fi

log "tools (npm ci, dotnet tool restore)"
# The root install is test.sh's; redo it when it lacks a pinned package (an older checkout's node_modules).
npm ls --depth=0 >/dev/null 2>&1 || npm ci
(cd tests/clients/typescript && npm ci --no-audit --no-fund)
dotnet tool restore

work=$(mktemp -d)
server=""
cleanup() {
  if [[ -n "$server" ]]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

log "start the server on a free 127.0.0.1 port"
key="contract-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:0 \
  Parley__DataDirectory="$work/data" Parley__Auth__ServiceKey="$key" Parley__Auth__AllowDevTokens=true \
  Parley__RateLimit__PermitsPerSecond=0 Logging__Console__FormatterName=simple \
  dotnet src/Parley/bin/Release/net10.0/Parley.dll >"$work/server.log" 2>&1 &
server=$!
base=""
for _ in $(seq 1 150); do
  base=$(grep -o 'Now listening on: http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 | sed 's/Now listening on: //' || true)
  if [[ -n "$base" ]] && curl -sf "$base/health/ready" >/dev/null; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    cat "$work/server.log"
    echo "The server did not start." >&2
    exit 1
  fi
  sleep 0.2
done
[[ -n "$base" ]] || { cat "$work/server.log"; echo "The server did not start listening." >&2; exit 1; }
curl -sf "$base/openapi/v1.json" -o "$work/openapi.json"
echo "server at $base; document $(wc -c <"$work/openapi.json") bytes"

log "redocly lint"
REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly lint --config redocly.yaml "$work/openapi.json"

log "TypeScript client (openapi-typescript, openapi-fetch): generate, compile, run the README's calls twice"
(
  cd tests/clients/typescript
  rm -rf generated build
  npx --no-install openapi-typescript "$work/openapi.json" -o generated/parley.ts
  npx --no-install tsc -p tsconfig.json
  PARLEY_URL="$base" PARLEY_SERVICE_KEY="$key" node build/readme-tour.js
  PARLEY_URL="$base" PARLEY_SERVICE_KEY="$key" node build/readme-tour.js
)

log "C# client (Kiota): generate, compile, run the README's calls"
# Kiota asks GitHub for a newer release unless it did within the hour (its setting to turn that
# off is not honoured by 1.38); a fresh timestamp in its own temporary folder says it just did.
mkdir -p "$work/tmp/kiota/update"
date -u +%Y-%m-%dT%H:%M:%S+00:00 >"$work/tmp/kiota/update/timestamp.txt"
TMPDIR="$work/tmp" KIOTA_CLI_TELEMETRY_OPTOUT=true dotnet kiota generate --language CSharp \
  --openapi "$work/openapi.json" --output tests/clients/csharp/Generated \
  --namespace-name Parley.Client --class-name ParleyClient --clean-output --log-level Warning
dotnet build tests/clients/csharp/ParleyClientCheck.csproj -c Release -warnaserror
PARLEY_URL="$base" PARLEY_SERVICE_KEY="$key" dotnet tests/clients/csharp/bin/Release/net10.0/ParleyClientCheck.dll

log "the OpenAPI document passed lint and both generated clients"
