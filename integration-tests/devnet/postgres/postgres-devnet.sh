#!/usr/bin/env bash
# A PostgreSQL server for tests and demos: Debian's PostgreSQL binaries (installed with apt-get when missing and
# allowed), one cluster in a state folder, listening on 127.0.0.1 at a free port only, one database `xrelay`
# owned by the role `xrelay` with a generated password (scram-sha-256).
#
# Usage: postgres-devnet.sh [--state DIR] COMMAND
#   up       start the server (a no-op when it already runs); prints the JDBC URL. The connection details are
#            in DIR/postgres.env (PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD JDBC_URL), readable by its owner only
#   down     stop the server; keeps the state folder (data and log)
#   status   whether the server answers; exit status 0 iff it does
#
# The state folder defaults to target/postgres-devnet in the repository; --state or POSTGRES_DEVNET_STATE set it.
# PostgreSQL refuses to run as root: run as root, the script runs the server as the `postgres` system user (made
# by the Debian package) and gives it the data folder. POSTGRES_DEVNET_INSTALL=no forbids installing packages.
# Human-readable progress goes to stderr; stdout carries only the results named above.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)

log() { echo "postgres-devnet: $*" >&2; }
die() { echo "postgres-devnet: error: $*" >&2; exit 1; }
usage() {
  sed -n '/^# Usage:/,/^# Human-readable/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

state=${POSTGRES_DEVNET_STATE:-$root/target/postgres-devnet}
while [ $# -gt 0 ]; do
  case $1 in
    --state) [ $# -ge 2 ] || die "--state needs a folder"; state=$2; shift 2 ;;
    --state=*) state=${1#--state=}; shift ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || usage
command=$1
mkdir -p "$state"
state=$(cd "$state" && pwd)
if [ ! -f "$state/.postgres-devnet" ]; then
  [ -z "$(ls -A "$state")" ] || die "$state is not empty and is not a state folder of postgres-devnet.sh"
  echo "state folder of postgres-devnet.sh" > "$state/.postgres-devnet"
fi
data=$state/data
sock=$state/socket
env_file=$state/postgres.env

# The bin folder of the newest PostgreSQL installed by Debian's packages, or nothing.
find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      echo "$d"
      return 0
    fi
  done
}

pg_bin=$(find_bin)
if [ -z "$pg_bin" ] && [ "$command" = up ]; then
  [ "${POSTGRES_DEVNET_INSTALL:-yes}" != no ] || die "PostgreSQL is not installed and POSTGRES_DEVNET_INSTALL=no"
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed; install Debian's 'postgresql' package (apt-get install postgresql)"
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and there is no apt-get to install it"
  log "installing Debian's postgresql package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql </dev/null >&2 \
    || { apt-get update -q </dev/null >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql </dev/null >&2; } \
    || die "apt-get could not install postgresql"
  pg_bin=$(find_bin)
  [ -n "$pg_bin" ] || die "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb was found"
fi

# as_server COMMAND...: run COMMAND as the user that owns the cluster.
as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (Debian's postgresql package makes it)"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() {
  [ -n "$pg_bin" ] && [ -f "$env_file" ] || return 1
  # shellcheck disable=SC1090
  (. "$env_file" && as_server "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$PGPORT" -d "$PGDATABASE" -t 2)
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

up() {
  if running; then
    # shellcheck disable=SC1090
    (. "$env_file" && echo "$JDBC_URL")
    return 0
  fi
  local port password t0
  t0=$(date +%s%N)
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data" "$sock"
    mkdir -p "$data" "$sock"
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    umask 077
    printf '%s\n' "$password" > "$state/password"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres "$data" "$sock" "$state/password"
      chmod 700 "$data"
      chmod o+x "$state"
    fi
    log "initdb in $data"
    as_server "$pg_bin/initdb" -D "$data" -U xrelay --pwfile="$state/password" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 \
      || { cat "$state/initdb.log" >&2; die "initdb failed (log above)"; }
    [ "$(id -u)" -ne 0 ] || chown root "$state/password"
  fi
  password=$(cat "$state/password")
  port=$(free_port)
  log "starting PostgreSQL ($(basename "$(dirname "$pg_bin")")) on 127.0.0.1:$port"
  touch "$state/postgres.log"
  [ "$(id -u)" -ne 0 ] || chown postgres "$state/postgres.log"
  as_server "$pg_bin/pg_ctl" -D "$data" -l "$state/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c fsync=off -c full_page_writes=off" start >&2 \
    || { tail -20 "$state/postgres.log" >&2; die "the server did not start (log above: $state/postgres.log)"; }
  if ! PGPASSWORD=$password "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$port" -U xrelay -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'xrelay'" | grep -q 1; then
    PGPASSWORD=$password "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$port" -U xrelay -d postgres \
      -c "CREATE DATABASE xrelay OWNER xrelay" >&2 || die "could not create the database xrelay"
  fi
  umask 077
  cat > "$env_file" <<EOF
PGHOST=127.0.0.1
PGPORT=$port
PGDATABASE=xrelay
PGUSER=xrelay
PGPASSWORD=$password
JDBC_URL=jdbc:postgresql://127.0.0.1:$port/xrelay
EOF
  log "up in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  echo "jdbc:postgresql://127.0.0.1:$port/xrelay"
}

down() {
  if [ -n "$pg_bin" ] && [ -f "$data/postmaster.pid" ]; then
    as_server "$pg_bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >&2 || die "the server did not stop"
  fi
  rm -f "$env_file"
}

case $command in
  up) up ;;
  down) down ;;
  status)
    if running; then log "running ($(grep PGPORT "$env_file"))"; else log "not running"; exit 1; fi ;;
  *) usage ;;
esac
