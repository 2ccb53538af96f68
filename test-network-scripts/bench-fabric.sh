#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Benchmark on the real network: a fresh network with the alliance chaincode and the baseline `kv`
# chaincode, the REST gateway, then gateway-api's fabric.bench (fabric-gateway directly and REST).
# Torn down at the end, also on failure.
#   bench-fabric.sh [--seconds 15] [--concurrency 40,200] [--soak-seconds 0] [--out fabric.json]
set -euo pipefail

SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "${SCRIPTS_DIR}/.." && pwd)
export REPO_ROOT
# shellcheck source=network.config
source "${SCRIPTS_DIR}/network.config"
# shellcheck source=lib/log.sh
source "${SCRIPTS_DIR}/lib/log.sh"
# shellcheck source=lib/processes.sh
source "${SCRIPTS_DIR}/lib/processes.sh"
# shellcheck source=lib/gateway-process.sh
source "${SCRIPTS_DIR}/lib/gateway-process.sh"

NETWORK="${SCRIPTS_DIR}/network.sh"
trap 'stop_gateway; "$NETWORK" down >/dev/null 2>&1 || true' EXIT

"$NETWORK" down >/dev/null 2>&1 || true
"$NETWORK" up
"$NETWORK" deploy
CHAINCODE_NAME=kv CHAINCODE_MODULE="${REPO_ROOT}/gateway-api/src/fabric-suite/fixtures/kv-chaincode" \
  CHAINCODE_PORT_BASE=$((9970 + PORT_OFFSET)) COLLECTIONS_CONFIG='' "$NETWORK" deploy
start_gateway
SCENARIO_GATEWAY_URL="${GATEWAY_URL}" SCENARIO_KEYS_FILE="${GATEWAY_KEYS_FILE}" FABRIC_RUN_DIR="${RUN_DIR}" \
  node "${REPO_ROOT}/gateway-api/dist/bench/fabric.bench.js" "$@"
