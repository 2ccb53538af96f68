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

# --- multihost: one gateway per org, on the org's host, over HTTPS ------------------------------------
# Each serves https://gateway.<domain>:GATEWAY_PORT with a TLS certificate from its org's CA, holds its
# org's identities only (gateways/<org>/connection.json) and keeps its data in gateways/<org>/. The
# deadline keeper runs in KEEPER_ORG's gateway only.
: "${KEEPER_ORG:=finance}"

org_gateway_url() { echo "https://$(node_address "$1" gateway):${GATEWAY_PORT}"; }
org_gateway_tls_dir() { echo "$(org_dir "$(org_field "$1" 2)")/gateway/tls"; }
# Every org CA's certificate: what a client trusts to reach any org's gateway over TLS.
gateway_tls_roots() { echo "${RUN_DIR}/gateways/tls-roots.pem"; }

org_gateway_ready() {
  on_host client curl -sf --cacert "$(gateway_tls_roots)" "$(org_gateway_url "$1")/readyz" >/dev/null
}

start_org_gateway() {
  local org=$1 dir tls
  dir=$(org_gateway_dir "$org") tls=$(org_gateway_tls_dir "$org")
  mkdir -p "$dir"
  local org_name
  for org_name in $(org_names); do cat "$(ca_cert "$org_name")"; done >"$(gateway_tls_roots)"
  start_daemon "gateway.${org}" --on "$org" env GATEWAY_LEDGER=fabric GATEWAY_DEMO=true \
    FABRIC_CONNECTION="$(org_gateway_connection_file "$org")" GATEWAY_DATA_DIR="$dir" \
    GATEWAY_HOST="$(listen_address "$org")" GATEWAY_PORT="${GATEWAY_PORT}" \
    GATEWAY_TLS_CERT_FILE="$tls/server.crt" GATEWAY_TLS_KEY_FILE="$tls/server.key" \
    GATEWAY_LOG_LEVEL="${GATEWAY_LOG_LEVEL:-warn}" GATEWAY_RATE_LIMIT_PER_MINUTE="${GATEWAY_RATE_LIMIT_PER_MINUTE:-100000}" \
    GATEWAY_KEEPER="$([[ $org == "${KEEPER_ORG}" ]] && echo true || echo false)" \
    GATEWAY_KEEPER_INTERVAL_MS="${GATEWAY_KEEPER_INTERVAL_MS:-1000}" \
    node "${REPO_ROOT}/gateway-api/dist/index.js"
  retry "${WAIT_SECONDS}" "the gateway at $(org_gateway_url "$org")" org_gateway_ready "$org"
  ok "gateway of ${org} at $(org_gateway_url "$org") (keys: ${dir}/gateway/demo-api-keys.txt)"
}

# start_gateways [ORG...] — the local gateway, or the given (default: every) org's gateway.
start_gateways() {
  local org orgs=("$@")
  if ! is_multihost; then
    start_gateway
    return 0
  fi
  ((${#orgs[@]})) || read -r -a orgs <<<"$(org_names)"
  for org in "${orgs[@]}"; do start_org_gateway "$org"; done
}

stop_gateways() {
  local org orgs=("$@")
  if ! is_multihost; then
    stop_gateway
    return 0
  fi
  ((${#orgs[@]})) || read -r -a orgs <<<"$(org_names)"
  for org in "${orgs[@]}"; do stop_daemon "gateway.${org}"; done
}

# Every org's gateway as JSON: [{org, mspId, url, keysFile, dataDir}] (what clients of the multihost layout read).
gateways_json() {
  local org entries=()
  for org in $(org_names); do
    entries+=("$(jq -nc --arg org "$org" --arg msp "$(org_field "$org" 1)" --arg url "$(org_gateway_url "$org")" \
      --arg keys "$(org_gateway_dir "$org")/gateway/demo-api-keys.txt" --arg dir "$(org_gateway_dir "$org")" \
      '{org: $org, mspId: $msp, url: $url, keysFile: $keys, dataDir: $dir}')")
  done
  local IFS=,
  jq -n --argjson gateways "[${entries[*]}]" '$gateways'
}
