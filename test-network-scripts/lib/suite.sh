# shellcheck shell=bash
# Around a real-network suite's tests (test-fabric.sh, conformance.sh, test-multihost.sh): a fresh network
# to start from, and an end that tears it down also on failure, keeping its logs when the suite failed.
#
#   trap 'finish_suite $? "real-network suite" "${REPO_ROOT}/.fabric-logs"' EXIT
#   fresh_network

# fresh_network — whatever an earlier run left down, then up and the chaincode deployed.
fresh_network() {
  "${SCRIPTS_DIR}/network.sh" down >/dev/null 2>&1 || true
  "${SCRIPTS_DIR}/network.sh" up
  "${SCRIPTS_DIR}/network.sh" deploy
}

# finish_suite STATUS NAME LOGS_DIR — the gateway stopped (when this script started one), the network's
# logs copied to LOGS_DIR when STATUS is not 0, the network down, and the script's exit with STATUS.
finish_suite() {
  local status=$1 name=$2 logs_kept=$3
  if declare -F stop_gateway >/dev/null; then stop_gateway; fi
  if ((status != 0)) && [[ -d "${RUN_DIR}/logs" ]]; then
    rm -rf "${logs_kept}"
    cp -a "${RUN_DIR}/logs" "${logs_kept}"
  fi
  if ! "${SCRIPTS_DIR}/network.sh" down >/dev/null 2>&1 && declare -F remove_multihost_network >/dev/null; then
    remove_multihost_network # what the multihost layout made, even when `down` could not run
  fi
  ((status == 0)) || warn "${name} failed (exit ${status}); its logs are kept in ${logs_kept}"
  exit "$status"
}
