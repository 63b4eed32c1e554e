#!/usr/bin/env bash
# Makes sure the local PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) used by the
# integration tests are running, starting them when they are installed but down.
# Usage: scripts/services.sh up
set -uo pipefail

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local i
  for i in $(seq 1 50); do port_open "$1" && return 0; sleep 0.2; done
  return 1
}

postgres_up() {
  port_open 5432 && return 0
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    local v
    for v in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$v" main start >/dev/null 2>&1 || true
    done
  elif command -v pg_ctl >/dev/null 2>&1 && [ -n "${PGDATA:-}" ]; then
    pg_ctl -D "$PGDATA" -l "$PGDATA/server.log" start >/dev/null 2>&1 || true
  fi
  wait_port 5432 && echo "services: started PostgreSQL" >&2
}

redis_up() {
  port_open 6379 && return 0
  if command -v redis-server >/dev/null 2>&1; then
    local dir=/var/lib/redis log=/var/log/redis/ci.log
    [ -w "$dir" ] || dir=$(mktemp -d)
    [ -w "$(dirname "$log")" ] || log="$dir/redis.log"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir "$dir" --logfile "$log" >/dev/null 2>&1 || true
  fi
  wait_port 6379 && echo "services: started Redis" >&2
}

case "${1:-up}" in
  up)
    postgres_up || echo "services: PostgreSQL is not reachable on 127.0.0.1:5432; tests that need it will fail" >&2
    redis_up || echo "services: Redis is not reachable on 127.0.0.1:6379; tests that need it will fail" >&2
    ;;
  *) echo "usage: $0 up" >&2; exit 2 ;;
esac
exit 0
