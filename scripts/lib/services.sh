# Shared by scripts/test, scripts/up and bench/run: installs and starts PostgreSQL and Redis
# on loopback without systemd or Docker. Source it; call vpnbot_services_start DIR.
# PostgreSQL refuses to run as root, so as root the cluster is owned by and run as `postgres`.

vpnbot_log() { printf '[vpnbot] %s\n' "$*" >&2; }

vpnbot_is_root() { [ "$(id -u)" = 0 ]; }

vpnbot_free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# Installs Debian packages that are missing; a non-root user is told what to install instead.
vpnbot_need_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! vpnbot_is_root; then
    vpnbot_log "missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
    return 1
  fi
  vpnbot_log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

vpnbot_pg_bindir() {
  local initdb
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  [ -n "$initdb" ] || { vpnbot_log "PostgreSQL binaries not found under /usr/lib/postgresql"; return 1; }
  dirname "$initdb"
}

vpnbot_as_pg_owner() {
  if vpnbot_is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# vpnbot_postgres_start DATADIR PORT: creates the cluster on first use, then starts it.
vpnbot_postgres_start() {
  local data=$1 port=$2 bindir
  bindir=$(vpnbot_pg_bindir) || return 1
  mkdir -p "$data"
  if vpnbot_is_root; then chown postgres:postgres "$data"; chmod 700 "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    vpnbot_as_pg_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  vpnbot_as_pg_owner "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c max_connections=400 -c shared_buffers=256MB ${VPNBOT_PG_EXTRA_OPTS:-}" start >/dev/null \
    || { vpnbot_log "PostgreSQL did not start; its log:"; tail -n 30 "$data/server.log" >&2; return 1; }
}

vpnbot_postgres_stop() {
  local data=$1 bindir
  bindir=$(vpnbot_pg_bindir) || return 0
  [ -f "$data/postmaster.pid" ] && vpnbot_as_pg_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# vpnbot_redis_start DIR PORT [persist]
vpnbot_redis_start() {
  local dir=$1 port=$2 persist=${3:-}
  mkdir -p "$dir"
  local save_opts=(--save "" --appendonly no)
  [ -n "$persist" ] && save_opts=(--appendonly yes)
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "${save_opts[@]}" >/dev/null
  local i
  for i in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  vpnbot_log "Redis did not start; its log:"; tail -n 20 "$dir/redis.log" >&2
  return 1
}

vpnbot_redis_stop() {
  local dir=$1
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
}
