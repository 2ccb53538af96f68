#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The real-network suite: a fresh network, the chaincode deployed as a service, the REST gateway on it,
# then a short differential test (the same seeded operations on devnet and on Fabric, compared), the
# same REST scenario files as on devnet, the Fabric-only tests (events, explorer, faults), and last the
# chaincode upgrade under load.
# The network is torn down at the end, also on failure.
#
#   test-fabric.sh [jest arguments...]      e.g. test-fabric.sh -t 'purchase'
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

trap 'finish_suite $? "real-network suite" "${REPO_ROOT}/.fabric-logs"' EXIT
fresh_network
start_gateway
export SCENARIO_GATEWAY_URL="${GATEWAY_URL}" SCENARIO_KEYS_FILE="${GATEWAY_KEYS_FILE}"
export FABRIC_RUN_DIR="${RUN_DIR}" FABRIC_SCRIPTS_DIR="${SCRIPTS_DIR}"
cd "${REPO_ROOT}"
# First, while the network holds nothing but what the run creates, so that every listing and credit
# report compares whole (conformance.fabric-test.ts; `make conformance` runs a long one).
info "differential test: ${CONFORMANCE_OPS:-300} operations on devnet and on Fabric"
CONFORMANCE_REPLAY="${CONFORMANCE_REPLAY:-make conformance}" npx jest --selectProjects @allianceledger/gateway-api \
  --runInBand --testMatch '**/src/conformance/**/*.fabric-test.ts' "$@"
info "running the REST scenarios and the Fabric suite against ${GATEWAY_URL}"
npx jest --selectProjects @allianceledger/gateway-api --runInBand \
  --testMatch '**/src/scenarios/**/*.scenario.test.ts' '**/src/fabric-suite/**/*.fabric-test.ts' \
  --testPathIgnorePatterns '/upgrade\.fabric-test\.ts$' "$@"
# Last, the chaincode upgrade: from then on the network runs the v2 fixture, whose answers carry a field the
# gateway's OpenAPI document does not describe (every answer before is held to the document).
info "upgrading the chaincode under load"
npx jest --selectProjects @allianceledger/gateway-api --runInBand --passWithNoTests \
  --testMatch '**/src/fabric-suite/upgrade.fabric-test.ts' "$@"
ok "real-network suite passed"
