# Sourced by test.sh and tests/soak.sh: a throwaway PostgreSQL cluster for the tests.
#   start_test_postgres   initdb into a temporary directory, start on a free loopback port and
#                         export PARLEY_TEST_POSTGRES (a connection string to its postgres database)
#   stop_test_postgres    stop it and delete it (safe to call more than once)
# Needs the PostgreSQL server binaries (Debian's postgresql package). initdb refuses to run as
# root: as root, the cluster belongs to the postgres user. Durability is off (fsync,
# synchronous_commit): the cluster is thrown away, and the tests run faster. Crash tests kill
# Parley, never PostgreSQL, so they do not depend on it.

test_pg_dir=""

test_pg_as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_test_postgres() {
  local pgbin port candidate
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  test_pg_dir=$(mktemp -d /tmp/parley-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$test_pg_dir"; fi
  test_pg_as_owner "$pgbin/initdb" -D "$test_pg_dir/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  # A free loopback port: one that nothing answers on.
  port=0
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
  done
  [ "$port" != 0 ] || { echo "no free port for PostgreSQL" >&2; return 1; }
  test_pg_as_owner "$pgbin/pg_ctl" -D "$test_pg_dir/data" -l "$test_pg_dir/server.log" -w -o \
    "-p $port -c listen_addresses=127.0.0.1 -k $test_pg_dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  export PARLEY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_test_postgres() {
  [ -n "$test_pg_dir" ] || return 0
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  test_pg_as_owner "$pgbin/pg_ctl" -D "$test_pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$test_pg_dir"
  test_pg_dir=""
}
