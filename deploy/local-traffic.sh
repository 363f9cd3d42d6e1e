#!/usr/bin/env bash
# Steady, small traffic against a cluster started by deploy/local-cluster.sh --state FILE, so that its metrics (and
# the Grafana dashboard, or Prometheus from deploy/prometheus/local.sh) have something to show: every second RATE
# talent-chat conversations open with a customer message; the agent answers two of every three within seconds and
# leaves the rest, which breach at 2 minutes (and 5); a webhook receiver on loopback takes the breaches.
#   deploy/local-traffic.sh /tmp/pledge.env [SECONDS=300] [RATE=5]
# Needs curl and jq. Stops by itself after SECONDS; the waits left open breach after it has stopped.
set -euo pipefail
state=${1:?usage: local-traffic.sh STATE_FILE [SECONDS] [RATE]}
seconds=${2:-300}
rate=${3:-5}
receiver_port=${PLEDGE_TRAFFIC_RECEIVER_PORT:-9099}
# shellcheck disable=SC1090
. "$state"
api=${API_URLS%% *}
tenant="traffic-$(date +%s)"
json='Content-Type: application/json'

fail() { echo "local-traffic: $*" >&2; exit 1; }
post() { curl -sf -X "$1" "$api$2" -H "Authorization: Bearer $3" -H "$json" -d "$4"; }

python3 -c 'import http.server as h, sys
class R(h.BaseHTTPRequestHandler):
    def do_POST(s):
        s.rfile.read(int(s.headers["Content-Length"])); s.send_response(200); s.end_headers()
    def log_message(s, *a): pass
h.HTTPServer(("127.0.0.1", int(sys.argv[1])), R).serve_forever()' "$receiver_port" &
receiver=$!
trap 'kill $receiver 2>/dev/null || true' EXIT

post POST /v1/tenants "$BOOTSTRAP_KEY" "{\"id\":\"$tenant\"}" >/dev/null || fail "could not create tenant $tenant at $api"
admin=$(post POST "/v1/tenants/$tenant/keys" "$BOOTSTRAP_KEY" '{"role":"admin"}' | jq -r .key)
key=$(post POST "/v1/tenants/$tenant/keys" "$BOOTSTRAP_KEY" '{"role":"platform"}' | jq -r .key)
post POST /v1/webhooks "$admin" "{\"url\":\"http://127.0.0.1:$receiver_port/pledge\",\"eventTypes\":[\"wait_breached\"]}" >/dev/null \
  || fail "could not register the webhook (does the cluster allow loopback targets?)"
echo "local-traffic: tenant $tenant, $rate conversations/s for $seconds s against $api" >&2

end=$((SECONDS + seconds))
n=0
pending=()
while ((SECONDS < end)); do
  tick=$SECONDS
  answer=("${pending[@]}")
  pending=()
  for ((i = 0; i < rate; i++)); do
    n=$((n + 1))
    id="chat-$n"
    post PUT "/v1/conversations/$id" "$key" "{\"policy\":\"talent-chat\",\"owner\":\"talent-$((n % 20))\",\"customer\":\"cust-$n\"}" >/dev/null || true
    post POST "/v1/conversations/$id/messages" "$key" "{\"messageId\":\"m1\",\"from\":\"customer\",\"author\":\"cust-$n\",\"text\":\"Are you there?\"}" >/dev/null || true
    ((n % 3 != 0)) && pending+=("$id")
  done
  for id in "${answer[@]}"; do
    post POST "/v1/conversations/$id/messages" "$key" '{"messageId":"m2","from":"agent","author":"talent","text":"Here, how can I help?"}' >/dev/null || true
  done
  while ((SECONDS == tick)); do sleep 0.1; done
done
echo "local-traffic: opened $n conversations; about $((n / 3)) breach 2 minutes after their message" >&2
