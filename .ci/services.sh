#!/usr/bin/env bash
# Makes PostgreSQL, MariaDB and Redis available for the test run and exports their URLs as
# OBJECTQL_POSTGRES_URL, OBJECTQL_MYSQL_URL and OBJECTQL_REDIS_URL. Sourced by .ci/run.
#
# For each service, in order: a URL already in the environment; a running service on the
# standard port that answers a real login; otherwise a throwaway instance under a temp dir on a
# free loopback port (stopped by ci_services_stop). Missing server binaries are installed from
# Debian packages first (Chromium too, for the browser suite). Every choice is printed, so the log says which backend really ran.

CI_SCRATCH="$(mktemp -d /tmp/objectql-ci.XXXXXX)"
CI_STOP_CMDS=()

ci_log() { printf '[services] %s\n' "$*"; }

ci_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

ci_install_missing() {
  local need=()
  [ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server mariadb-client)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
  # The localStorage driver is proven in a real browser (suites/browser).
  [ -x /usr/bin/chromium ] || need+=(chromium)
  if [ ${#need[@]} -gt 0 ]; then
    ci_log "installing from Debian packages: ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

ci_postgres() {
  if [ -n "${OBJECTQL_POSTGRES_URL:-}" ]; then ci_log "postgres: URL from environment"; return; fi
  if timeout 5 psql "postgres://postgres@127.0.0.1:5432/test" -qtAc 'select 1' >/dev/null 2>&1; then
    export OBJECTQL_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/test"
    ci_log "postgres: running service on 127.0.0.1:5432"; return
  fi
  local bin port
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  port="$(ci_free_port)"
  mkdir -p "$CI_SCRATCH/pgdata" "$CI_SCRATCH/pgrun"
  chown postgres "$CI_SCRATCH/pgdata" "$CI_SCRATCH/pgrun"
  chmod 755 "$CI_SCRATCH"
  su postgres -s /bin/sh -c "$bin/initdb -D $CI_SCRATCH/pgdata --auth=trust -U postgres -E UTF8 >/dev/null && \
    $bin/pg_ctl -D $CI_SCRATCH/pgdata -o '-p $port -k $CI_SCRATCH/pgrun -c listen_addresses=127.0.0.1 -c fsync=off' \
    -l $CI_SCRATCH/pgrun/pg.log -w start >/dev/null"
  CI_STOP_CMDS+=("su postgres -s /bin/sh -c '$bin/pg_ctl -D $CI_SCRATCH/pgdata -m fast stop' >/dev/null 2>&1")
  psql "postgres://postgres@127.0.0.1:$port/postgres" -qtAc 'create database test' >/dev/null
  export OBJECTQL_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/test"
  ci_log "postgres: throwaway server on 127.0.0.1:$port"
}

ci_mysql() {
  if [ -n "${OBJECTQL_MYSQL_URL:-}" ]; then ci_log "mysql: URL from environment"; return; fi
  if timeout 5 mariadb -h 127.0.0.1 -P 3306 -u root -e 'create database if not exists test' >/dev/null 2>&1; then
    export OBJECTQL_MYSQL_URL="mysql://root@127.0.0.1:3306/test"
    ci_log "mysql: running MariaDB service on 127.0.0.1:3306"; return
  fi
  local port
  port="$(ci_free_port)"
  mkdir -p "$CI_SCRATCH/mydata" "$CI_SCRATCH/myrun"
  chown mysql "$CI_SCRATCH/mydata" "$CI_SCRATCH/myrun"
  chmod 755 "$CI_SCRATCH"
  mariadb-install-db --no-defaults --datadir="$CI_SCRATCH/mydata" --user=mysql \
    --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1
  mariadbd --no-defaults --user=mysql --datadir="$CI_SCRATCH/mydata" --socket="$CI_SCRATCH/myrun/my.sock" \
    --pid-file="$CI_SCRATCH/myrun/my.pid" --bind-address=127.0.0.1 --port="$port" --skip-log-bin \
    --innodb-flush-log-at-trx-commit=0 >"$CI_SCRATCH/myrun/mariadb.log" 2>&1 &
  CI_STOP_CMDS+=("kill \$(cat $CI_SCRATCH/myrun/my.pid) 2>/dev/null")
  for _ in $(seq 1 100); do
    mariadb -h 127.0.0.1 -P "$port" -u root -e 'create database if not exists test' >/dev/null 2>&1 && break
    sleep 0.2
  done
  export OBJECTQL_MYSQL_URL="mysql://root@127.0.0.1:$port/test"
  ci_log "mysql: throwaway MariaDB server on 127.0.0.1:$port"
}

ci_redis() {
  if [ -n "${OBJECTQL_REDIS_URL:-}" ]; then ci_log "redis: URL from environment"; return; fi
  if [ "$(timeout 5 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; then
    export OBJECTQL_REDIS_URL="redis://127.0.0.1:6379/0"
    ci_log "redis: running service on 127.0.0.1:6379"; return
  fi
  local port
  port="$(ci_free_port)"
  redis-server --daemonize yes --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --pidfile "$CI_SCRATCH/redis.pid" --logfile "$CI_SCRATCH/redis.log" --dir "$CI_SCRATCH" >/dev/null
  CI_STOP_CMDS+=("kill \$(cat $CI_SCRATCH/redis.pid) 2>/dev/null")
  for _ in $(seq 1 50); do
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ] && break
    sleep 0.1
  done
  export OBJECTQL_REDIS_URL="redis://127.0.0.1:$port/0"
  ci_log "redis: throwaway server on 127.0.0.1:$port"
}

ci_services_stop() {
  local cmd
  for cmd in "${CI_STOP_CMDS[@]}"; do eval "$cmd" || true; done
  rm -rf "$CI_SCRATCH"
}

ci_services_start() {
  ci_install_missing
  ci_postgres
  ci_mysql
  ci_redis
}
