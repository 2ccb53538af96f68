#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The long differential test (`make conformance`): a fresh network, the chaincode deployed as a service,
# the REST gateway on it, then the same seeded operations through the gateway on devnet (in the test's
# process) and on Fabric, compared answer by answer. The network is torn down at the end, also on failure.
#
#   conformance.sh                      2,000 operations, a random seed (printed)
#   CONFORMANCE_OPS=5000 CONFORMANCE_SEED=42 conformance.sh
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

# shellcheck source=lib/suite.sh
source "${SCRIPTS_DIR}/lib/suite.sh"

: "${CONFORMANCE_OPS:=2000}"
export CONFORMANCE_OPS CONFORMANCE_REPLAY="${CONFORMANCE_REPLAY:-make conformance}"

trap 'finish_suite $? "conformance run" "${REPO_ROOT}/.fabric-logs"' EXIT
fresh_network
start_gateway
export SCENARIO_GATEWAY_URL="${GATEWAY_URL}" SCENARIO_KEYS_FILE="${GATEWAY_KEYS_FILE}"
export FABRIC_RUN_DIR="${RUN_DIR}" FABRIC_SCRIPTS_DIR="${SCRIPTS_DIR}"
info "differential test: ${CONFORMANCE_OPS} operations on devnet and on Fabric (${GATEWAY_URL})"
cd "${REPO_ROOT}"
npx jest --selectProjects @allianceledger/gateway-api --runInBand \
  --testMatch '**/src/conformance/**/*.fabric-test.ts' "$@"
ok "devnet and Fabric answered alike"
