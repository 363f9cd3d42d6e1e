#!/usr/bin/env bash
# Prometheus (and, where installed, nothing else) on a cluster started by deploy/local-cluster.sh --state FILE:
# scrapes every api and silo of that cluster every 5 s with the alert rules of deploy/prometheus, on loopback.
#   deploy/local-cluster.sh --api 1 --silo 2 --state /tmp/pledge.env &
#   deploy/prometheus/local.sh /tmp/pledge.env            # UI on http://127.0.0.1:9090 until Ctrl-C
# Needs the prometheus binary (Debian: apt-get install prometheus). Grafana reads the same server: point its
# `prometheus` datasource at http://127.0.0.1:9090 and import deploy/grafana/dashboards/pledge.json.
set -euo pipefail
state=${1:?usage: local.sh STATE_FILE [PORT]}
port=${2:-9090}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC1090
. "$state"
dir=$(mktemp -d /tmp/pledge-prometheus-XXXXXX)
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$dir"' EXIT
targets() { local out=""; for url in $1; do out+="'${url#http://}',"; done; echo "[${out%,}]"; }
cat >"$dir/prometheus.yml" <<YAML
global: { scrape_interval: 5s, evaluation_interval: 5s }
rule_files: ['$here/alerts.yml']
scrape_configs:
  - job_name: pledge-api
    metrics_path: /metrics
    static_configs: [{ targets: $(targets "$API_URLS") }]
  - job_name: pledge-silo
    metrics_path: /metrics
    static_configs: [{ targets: $(targets "$SILO_URLS") }]
YAML
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
  --web.listen-address="127.0.0.1:$port" --log.level=warn &
pid=$!
echo "prometheus: http://127.0.0.1:$port (scraping $API_URLS $SILO_URLS)" >&2
wait "$pid"
