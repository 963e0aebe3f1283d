#!/usr/bin/env bash
# Sourced by test.sh and eng/run-benchmarks.sh: installs (apt, only when missing) and starts
# private Redis and PostgreSQL servers on free loopback ports with throw-away data directories,
# exports DUALAUTH_TEST_REDIS and DUALAUTH_TEST_POSTGRES, and removes everything on exit.
# Usage: source eng/test-servers.sh; start_test_servers

install_missing_packages() {
  local need_apt=()
  command -v python3 >/dev/null || need_apt+=(python3)
  command -v redis-server >/dev/null || need_apt+=(redis-server)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_apt+=(postgresql)
  if ((${#need_apt[@]})); then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
      echo "missing packages: ${need_apt[*]} (install them with apt-get, or run as root)" >&2
      return 1
    fi
  fi
}

start_test_servers() {
  # Each run starts its own instances on free loopback ports with throw-away data directories,
  # so the tests never touch a system database, and removes them on exit.
  servers=$(mktemp -d "${TMPDIR:-/tmp}/dualauth-servers.XXXXXX")
  chmod 755 "$servers"
  redis_port='' pg_ctl='' as_postgres=()
  stop_servers() {
    if [ -n "$redis_port" ]; then redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; fi
    if [ -n "$pg_ctl" ]; then "${as_postgres[@]}" "$pg_ctl" -D "$servers/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$servers"
  }
  trap stop_servers EXIT
  trap 'exit 130' INT TERM
  free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
  }

  mkdir -p "$servers/redis"
  port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$servers/redis" \
    --pidfile "$servers/redis/redis.pid" --logfile "$servers/redis/redis.log" --daemonize yes
  redis_port=$port
  for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$redis_port" ping >/dev/null || { cat "$servers/redis/redis.log" >&2; return 1; }

  # PostgreSQL refuses to run as root: as root, the cluster belongs to the 'postgres' user.
  pg_bin=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)")
  mkdir -p "$servers/pg"
  if [ "$(id -u)" = 0 ]; then
    as_postgres=(runuser -u postgres --)
    chown postgres "$servers/pg"
  fi
  "${as_postgres[@]}" "$pg_bin/initdb" -D "$servers/pg/data" -U dualauth --auth=trust -E UTF8 --no-sync >"$servers/pg/initdb.log" 2>&1 \
    || { cat "$servers/pg/initdb.log" >&2; return 1; }
  port=$(free_port)
  pg_ctl=$pg_bin/pg_ctl
  "${as_postgres[@]}" "$pg_ctl" -D "$servers/pg/data" -l "$servers/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $servers/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { cat "$servers/pg/server.log" >&2; return 1; }

  export DUALAUTH_TEST_REDIS="127.0.0.1:$redis_port"
  export DUALAUTH_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=dualauth;Database=postgres"


}
