# shellcheck shell=bash
# The REST gateway as a process on the real network (used by test-fabric.sh, bench and start-fabric).
: "${GATEWAY_PORT:=$((3100 + ${PORT_OFFSET:-0}))}"
GATEWAY_URL="http://127.0.0.1:${GATEWAY_PORT}"
GATEWAY_KEYS_FILE="${RUN_DIR}/gateway/demo-api-keys.txt"

gateway_ready() { curl -sf "${GATEWAY_URL}/readyz" >/dev/null; }

# Demo mode: one API key per identity in demo-api-keys.txt, which the REST scenarios and the benchmark read
# (outside demo mode the gateway issues keys for the org admins only).
start_gateway() {
  start_daemon gateway env GATEWAY_LEDGER=fabric GATEWAY_DEMO=true FABRIC_CONNECTION="${RUN_DIR}/gateway-connection.json" \
    GATEWAY_DATA_DIR="${RUN_DIR}" GATEWAY_PORT="${GATEWAY_PORT}" GATEWAY_LOG_LEVEL="${GATEWAY_LOG_LEVEL:-warn}" \
    GATEWAY_RATE_LIMIT_PER_MINUTE="${GATEWAY_RATE_LIMIT_PER_MINUTE:-100000}" \
    GATEWAY_KEEPER_INTERVAL_MS="${GATEWAY_KEEPER_INTERVAL_MS:-1000}" \
    node "${REPO_ROOT}/gateway-api/dist/index.js"
  retry "${WAIT_SECONDS}" "the gateway at ${GATEWAY_URL}" gateway_ready
  ok "gateway on Fabric at ${GATEWAY_URL} (keys: ${GATEWAY_KEYS_FILE})"
}

stop_gateway() { stop_daemon gateway; }
