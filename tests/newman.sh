#!/usr/bin/env bash
# Runs the Postman collection (docs/parley.postman_collection.json) with newman, twice in a row,
# against one fresh Parley server (the Release build, as `dotnet run` would start it:
# Development, development tokens on). Every request asserts its status and its body's shape;
# the second run checks that the collection can run again on the same server. Needs curl,
# Node.js with `npm ci` done (newman is pinned in package.json) and a Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tests/parley-server.sh
. tests/parley-server.sh

data=$(mktemp -d /tmp/parley-newman.XXXXXX)
cleanup() {
  stop_parley_server
  rm -rf "$data"
}
trap cleanup EXIT

start_parley_server "$data"
for run in 1 2; do
  echo "newman, run $run of 2"
  # The service key goes in as an environment variable, as the collection's description says.
  npx --no-install newman run docs/parley.postman_collection.json --color off --reporters cli \
    --env-var "baseUrl=$PARLEY_URL" --env-var "serviceKey=$(cat "$PARLEY_DATA/service-key")"
done
