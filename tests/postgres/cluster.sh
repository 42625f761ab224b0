#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, reachable on 127.0.0.1 only.
#
#   tests/postgres/cluster.sh start DIR   initdb in DIR/data, start on a free random port, create the login role and
#                                         database "listingps"; writes DIR/env and prints the same lines to stdout
#   tests/postgres/cluster.sh stop DIR    fast shutdown, then DIR is removed (a missing or stopped DIR is fine)
#
# DIR is best a fresh `mktemp -d` directly under /tmp: as root the server runs as the "postgres" system user, which must
# be able to reach DIR (it is chowned to postgres, mode 0700). Layout: DIR/data (the cluster), DIR/log (server log),
# DIR/env (the lines below), DIR/.s.PGSQL.<port> (the unix socket; no system socket directory is touched).
#
# stdout of start, shell-sourceable:
#   LISTINGPS_TEST_POSTGRES='Host=127.0.0.1;Port=<port>;Username=listingps;Password=<pw>;Database=listingps'
#   PGHOST=127.0.0.1  PGPORT=<port>  PGUSER=listingps  PGPASSWORD_TEST=<pw>  PG_SOCKET_DIR=<DIR>   (one per line)
#
# Access: role listingps (LOGIN CREATEDB, not superuser) by scram-sha-256 over 127.0.0.1 / ::1 (the server listens on
# 127.0.0.1 only); the superuser "postgres" only over the unix socket in DIR (trust), refused over TCP.
#
# Exit codes: 0 done; 3 no PostgreSQL server binaries (callers skip the PostgreSQL pass); 1 anything else; 2 usage.
# Server binaries: $PG_BIN if set, else the highest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl.
set -euo pipefail

marker=.listingps-test-cluster

die() { echo "postgres: $*" >&2; exit 1; }
usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }

[ $# -eq 2 ] || usage
action=$1
case "$action" in start|stop) ;; *) usage ;; esac
[ -n "$2" ] || usage
dir=$(realpath -m -- "$2")
# The path goes unquoted into DIR/env and into the server's socket path (at most 107 bytes with /.s.PGSQL.NNNNN).
case "$dir" in
  /) die "refusing to use / as the cluster directory" ;;
  *[!A-Za-z0-9._/+-]*) die "cluster directory '$dir' has characters other than letters, digits and ._/+-" ;;
esac
[ "${#dir}" -le 90 ] || die "cluster directory '$dir' is too long for a unix socket path (90 characters at most)"
data="$dir/data"
log="$dir/log"

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then echo "$PG_BIN"; fi
    return 0
  fi
  local best="" best_ver=-1 d ver
  for d in /usr/lib/postgresql/*/bin; do
    if [ ! -x "$d/initdb" ] || [ ! -x "$d/pg_ctl" ]; then continue; fi
    ver=${d#/usr/lib/postgresql/}; ver=${ver%/bin}
    case "$ver" in ''|*[!0-9]*) continue ;; esac   # versions are plain numbers since PostgreSQL 10
    if [ "$ver" -gt "$best_ver" ]; then best_ver=$ver; best=$d; fi
  done
  echo "$best"
}

# Root may not run initdb or the server: run them as the postgres system user; anyone else runs them as themselves.
if [ "$(id -u)" -eq 0 ]; then
  run_user=postgres
else
  run_user=$(id -un)
fi
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    # cd / : the caller's working directory (often /root) is not readable by postgres, and initdb would complain.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# ---------------------------------------------------------------------------------------------------------------- stop
if [ "$action" = stop ]; then
  if [ ! -e "$dir" ]; then
    echo "postgres: $dir does not exist; nothing to stop" >&2
    exit 0
  fi
  [ -d "$dir" ] || die "$dir is not a directory"
  if [ ! -e "$dir/$marker" ] && [ -n "$(ls -A -- "$dir")" ]; then
    die "$dir was not made by this script (no $marker); not touching it"
  fi
  if [ -f "$data/postmaster.pid" ]; then
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    case "$pid" in ''|*[!0-9]*) pid="" ;; esac
    # Running = that pid is a live process (not a zombie waiting to be reaped) whose command line names DIR/data;
    # a pid file left by a killed server does not count, and pg_ctl would wait on it in vain.
    postmaster_alive() {
      [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
      local stat; stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
      stat=${stat##*) }
      [ "${stat%% *}" != Z ] && grep -qaF -- "$data" "/proc/$pid/cmdline" 2>/dev/null
    }
    if postmaster_alive; then
      bin=$(find_bin)
      [ -n "$bin" ] || die "the server $pid of $dir is running but no pg_ctl was found to stop it"
      if ! as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null; then
        echo "postgres: fast shutdown did not finish in 60 s; stopping with -m immediate" >&2
        as_owner "$bin/pg_ctl" stop -D "$data" -m immediate -w -t 30 >/dev/null || true
      fi
      for _ in $(seq 1 50); do postmaster_alive || break; sleep 0.1; done
      if postmaster_alive; then die "the server $pid of $dir would not stop; $dir left in place"; fi
    else
      echo "postgres: no server running in $dir (stale pid file)" >&2
    fi
  fi
  rm -rf -- "$dir"
  echo "postgres: stopped and removed $dir" >&2
  exit 0
fi

# --------------------------------------------------------------------------------------------------------------- start
bin=$(find_bin)
if [ -z "$bin" ]; then
  echo "postgres: no server binaries (install Debian's postgresql)" >&2
  exit 3
fi
if [ "$(id -u)" -eq 0 ] && ! id -u postgres >/dev/null 2>&1; then
  die "running as root and there is no 'postgres' system user to run the server as"
fi

if [ -e "$dir" ]; then
  [ -d "$dir" ] || die "$dir exists and is not a directory"
  [ -z "$(ls -A -- "$dir")" ] || die "$dir is not empty (a cluster already there? stop it with: $0 stop $dir)"
else
  mkdir -p -- "$dir"
fi
chmod 0700 "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
if ! as_owner test -w "$dir" -a -x "$dir"; then
  rmdir -- "$dir" 2>/dev/null || true
  die "user $run_user cannot reach $dir (a parent directory shuts it out); use a directory directly under /tmp, e.g. \$(mktemp -d)"
fi
as_owner touch "$dir/$marker"

started=""
cleanup_failed_start() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    if [ -f "$log" ]; then
      echo "postgres: last lines of $log:" >&2
      tail -n 30 "$log" >&2 || true
    fi
    if [ -n "$started" ]; then as_owner "$bin/pg_ctl" stop -D "$data" -m immediate -w -t 30 >/dev/null 2>&1 || true; fi
    rm -rf -- "$dir"
    echo "postgres: start failed; $dir removed" >&2
  fi
}
trap cleanup_failed_start EXIT

t0=$EPOCHREALTIME

# initdb: C.UTF-8 where the system has it, else --no-locale. --no-sync: a throwaway cluster need not reach the disk.
initdb_args=(-D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-sync --no-instructions)
if ! as_owner "$bin/initdb" "${initdb_args[@]}" --locale=C.UTF-8 >"$dir/initdb.out" 2>&1; then
  if grep -qi 'locale' "$dir/initdb.out"; then
    echo "postgres: initdb refused --locale=C.UTF-8; using --no-locale" >&2
    as_owner rm -rf -- "$data"
    as_owner "$bin/initdb" "${initdb_args[@]}" --no-locale >"$dir/initdb.out" 2>&1 \
      || { cat "$dir/initdb.out" >&2; die "initdb failed"; }
  else
    cat "$dir/initdb.out" >&2; die "initdb failed"
  fi
fi
rm -f -- "$dir/initdb.out"

# The superuser over TCP is refused before any other line; local (unix socket, in the 0700 DIR) stays trust.
hba="$data/pg_hba.conf"
{ printf '%s\n' "# throwaway test cluster: the superuser only over the unix socket" \
    "host all postgres 0.0.0.0/0 reject" "host all postgres ::/0 reject"; cat "$hba"; } \
  | as_owner tee "$hba.new" >/dev/null
as_owner chmod 0600 "$hba.new"
as_owner mv "$hba.new" "$hba"

# Settings live in an included file, so the port can be rewritten between tries.
printf "\ninclude_if_exists = 'listingps-test.conf'\n" | as_owner tee -a "$data/postgresql.conf" >/dev/null
write_conf() {
  as_owner tee "$data/listingps-test.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $1
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
password_encryption = 'scram-sha-256'
logging_collector = off
EOF
}

# A port below the kernel's ephemeral range (outgoing connections take ports from there), free on 127.0.0.1.
read -r eph_low _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || eph_low=32768
[ "$eph_low" -gt 11024 ] 2>/dev/null || eph_low=32768
port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ] && return 0
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port=""
for attempt in $(seq 1 10); do
  candidate=$(( 10000 + $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % (eph_low - 10000) ))
  if port_in_use "$candidate"; then continue; fi
  write_conf "$candidate"
  if as_owner "$bin/pg_ctl" start -D "$data" -l "$log" -w -t 60 >/dev/null 2>&1; then
    port=$candidate
    started=1
    break
  fi
  # Another process took the port between the check and the bind (a concurrent start, say): try another one.
  if grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' "$log" 2>/dev/null; then
    echo "postgres: port $candidate was taken at bind (try $attempt); picking another" >&2
    as_owner truncate -s 0 "$log"
    continue
  fi
  die "the server did not start"
done
[ -n "$port" ] || die "no free port found in 10 tries"

# The login role with a random password (hex: safe in a connection string and unquoted in DIR/env), and its database.
pw=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
psql_bin="$bin/psql"
[ -x "$psql_bin" ] || psql_bin=$(command -v psql) || die "no psql next to $bin/initdb nor on PATH"
as_owner "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres -v pw="$pw" >/dev/null <<'SQL'
SET password_encryption = 'scram-sha-256';
CREATE ROLE listingps LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD :'pw';
CREATE DATABASE listingps OWNER listingps;
SQL

env_text="LISTINGPS_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=listingps;Password=$pw;Database=listingps'
PGHOST=127.0.0.1
PGPORT=$port
PGUSER=listingps
PGPASSWORD_TEST=$pw
PG_SOCKET_DIR=$dir"
# The env file holds the password: readable by the cluster's owner only (and root).
(umask 077; as_owner tee "$dir/env" >/dev/null <<<"$env_text")

trap - EXIT
t1=$EPOCHREALTIME
printf '%s\n' "$env_text"
printf 'postgres: %s started on 127.0.0.1:%s (%s, as %s) in %.1f s; log %s\n' \
  "$dir" "$port" "$("$bin/postgres" --version | sed 's/^postgres (PostgreSQL) /PostgreSQL /')" "$run_user" \
  "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$log" >&2
