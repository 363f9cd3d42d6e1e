#!/usr/bin/env bash
# A throwaway Pledge cluster on this machine: one PostgreSQL, M Orleans silo processes and N api processes (Orleans
# clients serving the REST API), all on loopback ports. Silos start first, each with its own silo and gateway port,
# advertising 127.0.0.1 under one cluster id; the apis find their gateways in the membership table. Everything stops and the temporary directory goes away when the script exits (Ctrl-C, kill, or the end of a
# command given after --).
#
#   deploy/local-cluster.sh                      # 2 api + 2 silo, prints the addresses, runs until Ctrl-C
#   deploy/local-cluster.sh --api 3 --silo 1     # scale either side
#   deploy/local-cluster.sh -- ./my-load-test    # runs the command with PLEDGE_* variables set, then stops
#
# Options: --api N, --silo M, --no-build (use what dotnet build left in --artifacts DIR), --artifacts DIR
# (default: a directory under /tmp), --configuration C (Debug|Release, default Release), --api-dll/--silo-dll PATH
# (run these builds, no build step), --state FILE (writes the addresses, ports, pids and paths as KEY=VALUE lines
# that `. FILE` reads: a value with spaces or `;` is in single quotes),
# --cluster-id ID (Orleans cluster id, default "local").
# The bootstrap key comes from PLEDGE_BOOTSTRAP_KEY or is generated.
# As root, PostgreSQL runs as the `postgres` user (it refuses root). Needs the PostgreSQL server binaries
# (Debian: apt-get install postgresql) and the .NET SDK.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
apis=2
silos=2
build=1
configuration=Release
artifacts=${PLEDGE_ARTIFACTS:-/tmp/pledge-cluster-artifacts}
state_file=
api_dll=
silo_dll=
command=()
cluster_id=local

while [[ $# -gt 0 ]]; do
  case "$1" in
    --api) apis=$2; shift 2 ;;
    --silo) silos=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --artifacts) artifacts=$2; shift 2 ;;
    --configuration|-c) configuration=$2; shift 2 ;;
    --state) state_file=$2; shift 2 ;;
    --api-dll) api_dll=$2; build=0; shift 2 ;;
    --silo-dll) silo_dll=$2; build=0; shift 2 ;;
    --) shift; command=("$@"); break ;;
    --cluster-id) cluster_id=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "local-cluster: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
# The apis hold no grains: without a silo they would have nothing to serve.
[[ $apis =~ ^[0-9]+$ && $silos =~ ^[0-9]+$ && $apis -ge 1 && $silos -ge 1 ]] || { echo "local-cluster: --api and --silo must be >= 1" >&2; exit 2; }

log() { printf 'local-cluster: %s\n' "$*" >&2; }

# ---- binaries -------------------------------------------------------------------------------------------------
pg_bin=${PLEDGE_PG_BINDIR:-}
if [[ -z $pg_bin ]]; then
  if command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then pg_bin=$(pg_config --bindir)
  else pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true); fi
fi
[[ -n $pg_bin && -x $pg_bin/initdb && -x $pg_bin/pg_ctl ]] || { log "PostgreSQL server binaries not found (apt-get install postgresql, or set PLEDGE_PG_BINDIR)"; exit 1; }

config_dir=$(tr '[:upper:]' '[:lower:]' <<<"$configuration")
if [[ $build == 1 ]]; then
  log "building api and silo ($configuration) into $artifacts"
  dotnet build "$repo/api" -c "$configuration" --artifacts-path "$artifacts" -nologo -v quiet >&2
  dotnet build "$repo/silo" -c "$configuration" --artifacts-path "$artifacts" -nologo -v quiet >&2
fi
api_dll=${api_dll:-$artifacts/bin/Pledge.Api/$config_dir/Pledge.Api.dll}
silo_dll=${silo_dll:-$artifacts/bin/Pledge.Silo/$config_dir/Pledge.Silo.dll}
[[ -f $api_dll && -f $silo_dll ]] || { log "no build output at $api_dll / $silo_dll (drop --no-build)"; exit 1; }

# ---- cleanup on every exit ----------------------------------------------------------------------------------------
root=$(mktemp -d /tmp/pledge-cluster-XXXXXX)
pids=()
as_postgres=()
[[ $(id -u) == 0 ]] && as_postgres=(runuser -u postgres --)

stop_all() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -f $root/data/postmaster.pid ]]; then
    "${as_postgres[@]}" "$pg_bin/pg_ctl" stop -D "$root/data" -m fast -w >/dev/null 2>&1 || true
  fi
  rm -rf "$root"
  log "stopped"
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port nobody listens on; the kernel picks it, so concurrent runs do not collide.
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$(( (RANDOM * 32768 + RANDOM) % 28000 + 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  log "no free port found"; return 1
}

# GET over bash's /dev/tcp, so the script needs no curl; prints the status code.
http_status() {
  local port=$1 path=$2 line
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
  IFS=' ' read -r _ line _ <&3 || true
  exec 3>&-
  echo "${line:-0}"
}

wait_ready() {
  local name=$1 port=$2 pid=$3
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { log "$name exited during start; its log:"; tail -n 30 "$root/$name.log" >&2; return 1; }
    [[ $(http_status "$port" /health/ready 2>/dev/null || echo 0) == 200 ]] && return 0
    sleep 0.2
  done
  log "$name not ready after 60 s"; return 1
}

# ---- PostgreSQL ----------------------------------------------------------------------------------------------------
pg_port=$(free_port)
mkdir -p "$root/sock"
[[ ${#as_postgres[@]} -gt 0 ]] && chown -R postgres:postgres "$root"
"${as_postgres[@]}" "$pg_bin/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >/dev/null
"${as_postgres[@]}" "$pg_bin/pg_ctl" start -D "$root/data" -w -t 60 -l "$root/postgres.log" \
  -o "-p $pg_port -k $root/sock -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null
"${as_postgres[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres pledge
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=pledge"
bootstrap_key=${PLEDGE_BOOTSTRAP_KEY:-op.$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')}

# ---- nodes ---------------------------------------------------------------------------------------------------------
# Silos host the grains, their reminders and the webhook senders; apis serve HTTP through them. Every node migrates
# at start; the first silo starts alone so that it migrates and founds the cluster before anyone joins. Extra
# settings pass through from PLEDGE_NODE_ENV ("Name=value Name=value", e.g. "Pledge__Host__AllowPrivateWebhookTargets=true").
start_node() {
  local name=$1 dll=$2 port=$3
  shift 3
  # shellcheck disable=SC2086
  env Pledge__Storage=postgres ConnectionStrings__Pledge="$connection" Pledge__Auth__BootstrapKey="$bootstrap_key" \
      Pledge__Cluster__ClusterId="$cluster_id" ASPNETCORE_URLS="http://127.0.0.1:$port" DOTNET_NOLOGO=1 \
      "$@" ${PLEDGE_NODE_ENV:-} \
      dotnet "$dll" >"$root/$name.log" 2>&1 &
  started=$!
  pids+=("$started")
}

api_urls=() silo_urls=() api_pids=() silo_pids=() silo_ports=() gateway_ports=()
start_silo() {
  local i=$1 port silo_port gateway_port
  port=$(free_port); silo_port=$(free_port); gateway_port=$(free_port)
  while [[ $silo_port == "$port" ]]; do silo_port=$(free_port); done
  while [[ $gateway_port == "$port" || $gateway_port == "$silo_port" ]]; do gateway_port=$(free_port); done
  start_node "silo$i" "$silo_dll" "$port" \
    Pledge__Silo__SiloPort="$silo_port" Pledge__Silo__GatewayPort="$gateway_port" Pledge__Silo__AdvertisedAddress=127.0.0.1
  silo_urls+=("http://127.0.0.1:$port"); silo_pids+=("$started"); silo_ports+=("$silo_port"); gateway_ports+=("$gateway_port")
  silo_http_ports+=("$port")
}
silo_http_ports=()
start_silo 1
wait_ready silo1 "${silo_http_ports[0]}" "${silo_pids[0]}"
for i in $(seq 2 "$silos"); do start_silo "$i"; done
for i in $(seq 2 "$silos"); do wait_ready "silo$i" "${silo_http_ports[$((i - 1))]}" "${silo_pids[$((i - 1))]}"; done

api_http_ports=()
for i in $(seq 1 "$apis"); do
  port=$(free_port); start_node "api$i" "$api_dll" "$port"
  api_urls+=("http://127.0.0.1:$port"); api_pids+=("$started"); api_http_ports+=("$port")
done
for i in $(seq 1 "$apis"); do wait_ready "api$i" "${api_http_ports[$((i - 1))]}" "${api_pids[$((i - 1))]}"; done
all_pids=("${silo_pids[@]}" "${api_pids[@]}")

export PLEDGE_API_URLS="${api_urls[*]}" PLEDGE_SILO_URLS="${silo_urls[*]}" PLEDGE_BOOTSTRAP_KEY="$bootstrap_key" PLEDGE_CLUSTER_ID="$cluster_id"
export PLEDGE_CONNECTION_STRING="$connection" PLEDGE_CLUSTER_DIR="$root"
if [[ -n $state_file ]]; then
  # Sourced by the README's session and deploy/prometheus/local.sh: with two silos SILO_URLS has a space, and the
  # connection string has `;`, which bash would otherwise split into commands.
  kv() { if [[ $2 =~ ^[A-Za-z0-9_./:@,+=-]*$ ]]; then echo "$1=$2"; else echo "$1='$2'"; fi; }
  {
    kv API_URLS "${api_urls[*]}"; kv SILO_URLS "${silo_urls[*]}"
    kv API_PIDS "${api_pids[*]}"; kv SILO_PIDS "${silo_pids[*]}"
    kv SILO_PORTS "${silo_ports[*]}"; kv GATEWAY_PORTS "${gateway_ports[*]}"; kv CLUSTER_ID "$cluster_id"
    kv PG_PORT "$pg_port"; kv PG_DATA "$root/data"; kv PG_BIN "$pg_bin"
    kv CONNECTION_STRING "$connection"; kv BOOTSTRAP_KEY "$bootstrap_key"; kv CLUSTER_DIR "$root"
  } >"$state_file.tmp"
  # Renamed into place whole: a reader polling for the file never sees it half written.
  mv -f "$state_file.tmp" "$state_file"
fi

cat >&2 <<EOF
local-cluster: ready
  postgres  $connection   (data and node logs in $root)
  api       ${api_urls[*]}
  silo      ${silo_urls[*]}   (Orleans silo ports ${silo_ports[*]}, gateways ${gateway_ports[*]}, cluster $cluster_id)
  bootstrap key (Authorization: Bearer …): $bootstrap_key
EOF

if [[ ${#command[@]} -gt 0 ]]; then
  set +e
  "${command[@]}"
  exit $?
fi
log "running; Ctrl-C stops every process"
# Stay up while the nodes run; exit (and clean up) as soon as any of them dies.
while true; do
  for pid in "${all_pids[@]}"; do kill -0 "$pid" 2>/dev/null || { log "process $pid ended; stopping the cluster"; exit 1; }; done
  sleep 1
done
