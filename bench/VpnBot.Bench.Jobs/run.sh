#!/usr/bin/env bash
# Runs the jobs benchmark (reminders and win-back over 1,000,000 subscriptions). Uses VPNBOT_BENCH_POSTGRES when set; otherwise starts a throwaway
# PostgreSQL on loopback (durable settings: fsync on) and stops it afterwards.
# Extra arguments go to the benchmark: --subscriptions N --backlog B
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. scripts/lib/services.sh
if [ -z "${VPNBOT_BENCH_POSTGRES:-}" ]; then
  vpnbot_need_packages postgresql || true
  run_dir=$(mktemp -d /tmp/vpnbot-bench.XXXXXX)
  chmod 755 "$run_dir"
  port=$(vpnbot_free_port)
  trap 'vpnbot_postgres_stop "$run_dir/pg"; rm -rf "$run_dir"' EXIT
  vpnbot_postgres_start "$run_dir/pg" "$port"
  export VPNBOT_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
fi
dotnet run -c Release --project bench/VpnBot.Bench.Jobs -- "$@"
