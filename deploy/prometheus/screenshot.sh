#!/usr/bin/env bash
# A picture of what the Grafana dashboard would show, where Grafana is not at hand: the dashboard's own queries
# (deploy/grafana/dashboards/pledge.json, panels chosen by title) in Prometheus' graph page, rendered by headless
# Chromium. Grafana's variables become what "All" would give ($tenant → .*, $__rate_interval → 1m).
#   deploy/prometheus/local.sh /tmp/pledge.env &                       # Prometheus on 127.0.0.1:9090
#   deploy/prometheus/screenshot.sh docs/img/local-cluster.png [PROMETHEUS_URL] [RANGE=15m]
# Needs python3 and Chromium (Debian: apt-get install chromium prometheus).
set -euo pipefail
out=${1:?usage: screenshot.sh OUT.png [PROMETHEUS_URL] [RANGE]}
prometheus=${2:-http://127.0.0.1:9090}
range=${3:-15m}
here=$(cd "$(dirname "$0")" && pwd)
dashboard="$here/../grafana/dashboards/pledge.json"
panels=${PLEDGE_SCREENSHOT_PANELS:-"Breaches per tier|Deadline lateness p50 / p99|Ingest rate|Grain activations per silo|Webhook backlog and dead letters"}

url=$(python3 - "$dashboard" "$prometheus" "$range" "$panels" <<'PY'
import json, sys, urllib.parse
dashboard, prometheus, window, wanted = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split("|")
# A collapsed row holds its panels inside it; DeployFilesTests reads the dashboard the same way.
top = json.load(open(dashboard))["panels"]
panels = {p["title"]: p for q in top for p in [q, *q.get("panels", [])] if p.get("type") != "row"}
missing = [t for t in wanted if t not in panels]
if missing:
    sys.exit(f"screenshot: no panel titled {missing[0]!r} in {dashboard}")
exprs = [t["expr"] for title in wanted for t in panels[title]["targets"]]
# The classic graph page reads its graphs' parameters back correctly only up to g9.
for left in exprs[10:]:
    print(f"screenshot: left out (more than 10 queries): {left}", file=sys.stderr)
query = {}
for i, expr in enumerate(exprs[:10]):
    expr = expr.replace('=~"$tenant"', '=~".*"').replace("$__rate_interval", "1m")
    query.update({f"g{i}.expr": expr, f"g{i}.tab": "0", f"g{i}.range_input": window, f"g{i}.stacked": "0"})
print(prometheus.rstrip("/") + "/classic/graph?" + urllib.parse.urlencode(query))
PY
)
profile=$(mktemp -d /tmp/pledge-chromium-XXXXXX)
trap 'rm -rf "$profile"' EXIT
# Background networking off: this page needs only the Prometheus it names. The page focuses its last query box, so a
# window shorter than the page would scroll the top out of the picture: 7200 px holds ten graphs.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --window-size=1400,${PLEDGE_SCREENSHOT_HEIGHT:-7200} --virtual-time-budget=20000 --screenshot="$out" "$url" 2>/dev/null
echo "screenshot: $out ($url)" >&2
