#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# `make test-multihost`: the network in the multihost layout (NETWORK_LAYOUT=multihost, lib/layout.sh) —
# each org (CA, peer, chaincode server, REST gateway over HTTPS) and each orderer on a host of its own, a
# Linux network namespace on a private bridge — then the multihost suite from the `client` host: a fault
# test under load (org partitioned, Raft leader partitioned, a peer and a gateway killed), a peer joining
# from a ledger snapshot, a gateway's data directory backed up and restored. Everything it made (processes,
# namespaces, hosts files, bridge, run directory) is removed at the end, also on failure. Where network
# namespaces are not available (not root, no `ip netns`) it says so and skips.
#
#   test-multihost.sh [jest arguments...]
set -euo pipefail

SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "${SCRIPTS_DIR}/.." && pwd)
export REPO_ROOT NETWORK_LAYOUT=multihost
export RUN_DIR="${RUN_DIR:-${REPO_ROOT}/.fabric-multihost}"
# shellcheck source=network.config
source "${SCRIPTS_DIR}/network.config"
# shellcheck source=lib/log.sh
source "${SCRIPTS_DIR}/lib/log.sh"
# shellcheck source=lib/organizations.sh
source "${SCRIPTS_DIR}/lib/organizations.sh"
# shellcheck source=lib/layout.sh
source "${SCRIPTS_DIR}/lib/layout.sh"

# shellcheck source=lib/suite.sh
source "${SCRIPTS_DIR}/lib/suite.sh"

if ! namespaces_available; then
  warn "multihost suite skipped: it needs root and Linux network namespaces (ip netns); this is $(id -un) on $(uname -sr)"
  exit 0
fi

trap 'finish_suite $? "multihost suite" "${REPO_ROOT}/.fabric-multihost-logs"' EXIT
fresh_network
"${SCRIPTS_DIR}/network.sh" gateway start
export FABRIC_RUN_DIR="${RUN_DIR}" FABRIC_SCRIPTS_DIR="${SCRIPTS_DIR}"
# The client host trusts every org CA's certificate: each gateway's HTTPS certificate comes from its org's CA.
export NODE_EXTRA_CA_CERTS="${RUN_DIR}/gateways/tls-roots.pem"
# The fault test's history of every request and answer (kept after the run).
export MULTIHOST_HISTORY_FILE="${MULTIHOST_HISTORY_FILE:-${REPO_ROOT}/.fabric-multihost-history.json}"
cd "${REPO_ROOT}"
info "multihost suite from host client ($(host_address client))"
on_host client npx jest --selectProjects @allianceledger/gateway-api --runInBand \
  --testMatch '**/src/multihost/**/*.multihost-test.ts' "$@"
ok "multihost suite passed"
