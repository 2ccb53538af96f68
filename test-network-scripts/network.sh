#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# AllianceLedger's real Fabric 2.5 network: three peer orgs (one LevelDB peer each), three Raft orderers,
# one Fabric CA per org, TLS everywhere, channel `alliance`, the chaincode as a service. All on 127.0.0.1,
# or with NETWORK_LAYOUT=multihost each org and each orderer on a host of its own (lib/layout.sh).
#
#   network.sh up                       CAs, identities enrolled from them, orderers, peers, channel
#   network.sh deploy                   package (CCaaS), install, approve per org, commit, run the server
#   network.sh upgrade --version 2.0    the consortium's upgrade at the next sequence, resumable; state is kept
#                                       (CHAINCODE_MODULE names the new version's module)
#   network.sh migrate TYPE [--page-size N] [--bookmark JSON]
#                                       rewrites TYPE's records in the current schema version, a page per tx
#   network.sh status                   processes, CAs, channel height, committed chaincode
#   network.sh revoke ORG USER          revokes USER at ORG's CA and puts the CA's CRL in ORG's channel MSP
#   network.sh env ORG                  exports for the peer CLI as ORG's admin (eval "$(network.sh env finance)")
#   network.sh gateway-config           writes the REST gateway's FABRIC_CONNECTION file
#   network.sh gateway start|stop [ORG] the REST gateway as a background process (multihost: each org's)
#   network.sh gateway backup|restore ORG FILE   multihost: ORG's gateway data directory to/from FILE
#   network.sh join-from-snapshot ORG   a new peer (peer1) of ORG joins the channel from peer0's snapshot
#   network.sh gateways                 multihost: each org's gateway (URL, API keys file, data dir) as JSON
#   network.sh heights                  each running peer's height and current block hash
#   network.sh fault link HOST up|down  multihost: HOST's link to the others down, or up again
#   network.sh fault isolate|rejoin HOST OTHER...   multihost: cut HOST off from the OTHER hosts, or heal
#   network.sh down                     stops every process and deletes the run directory (and the hosts)
#
# Binaries come from $FABRIC_BIN or PATH. Settings: network.config (each overridable from the environment).
set -euo pipefail

SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "${SCRIPTS_DIR}/.." && pwd)
NETWORK_DIR="${REPO_ROOT}/network"
export REPO_ROOT NETWORK_DIR

# shellcheck source=network.config
source "${SCRIPTS_DIR}/network.config"
# shellcheck source=lib/log.sh
source "${SCRIPTS_DIR}/lib/log.sh"
# shellcheck source=lib/binaries.sh
source "${SCRIPTS_DIR}/lib/binaries.sh"
# shellcheck source=lib/layout.sh
source "${SCRIPTS_DIR}/lib/layout.sh"
# shellcheck source=lib/processes.sh
source "${SCRIPTS_DIR}/lib/processes.sh"
# shellcheck source=lib/organizations.sh
source "${SCRIPTS_DIR}/lib/organizations.sh"
# shellcheck source=lib/ca.sh
source "${SCRIPTS_DIR}/lib/ca.sh"
# shellcheck source=lib/revocation.sh
source "${SCRIPTS_DIR}/lib/revocation.sh"
# shellcheck source=lib/nodes.sh
source "${SCRIPTS_DIR}/lib/nodes.sh"
# shellcheck source=lib/channel.sh
source "${SCRIPTS_DIR}/lib/channel.sh"
# shellcheck source=lib/chaincode.sh
source "${SCRIPTS_DIR}/lib/chaincode.sh"
# shellcheck source=lib/upgrade.sh
source "${SCRIPTS_DIR}/lib/upgrade.sh"
# shellcheck source=lib/gateway-config.sh
source "${SCRIPTS_DIR}/lib/gateway-config.sh"
# shellcheck source=lib/gateway-process.sh
source "${SCRIPTS_DIR}/lib/gateway-process.sh"
# shellcheck source=lib/gateway-backup.sh
source "${SCRIPTS_DIR}/lib/gateway-backup.sh"
# shellcheck source=lib/snapshot.sh
source "${SCRIPTS_DIR}/lib/snapshot.sh"

usage() {
  sed -n '3,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

cmd_up() {
  require_fabric_binaries
  mkdir -p "${RUN_DIR}/logs"
  if is_multihost; then create_multihost_network; fi
  info "network up in ${RUN_DIR} ($(peer version 2>/dev/null | sed -n 's/^ Version: //p' | head -1))"
  start_cas
  # Enrollment is the slow part (a bcrypt check per call at the CA), so it overlaps what waits anyway. The
  # genesis block needs each org's CA certificate and the orderers' TLS certificates (the consenters), not
  # the peers': the peer orgs enroll while the orderers start and elect a Raft leader, the users while
  # gossip converges.
  build_org_msps
  enroll_nodes "$(orderer_org_field 0)"
  create_channel_block
  start_orderers
  local peers_pid users_pid
  # shellcheck disable=SC2046 # a list of org names
  enroll_nodes $(org_names) &
  peers_pid=$!
  join_orderers
  wait "$peers_pid" || die "enrolling the peer orgs' nodes failed; see ${RUN_DIR}/logs/fabric-ca-client.*.log"
  start_peers
  join_peers
  enroll_users &
  users_pid=$!
  wait_for_gossip
  wait "$users_pid" || die "enrolling the users failed; see ${RUN_DIR}/logs/fabric-ca-client.*.log"
  write_gateway_config
  ok "network up: channel ${CHANNEL_NAME}, logs in ${RUN_DIR}/logs"
}

cmd_deploy() {
  require_fabric_binaries
  local current
  current=$(committed_sequence || true)
  if [[ -n "$current" ]]; then
    info "${CHAINCODE_NAME} already committed at sequence ${current}; use upgrade for a new version"
    return 0
  fi
  deploy_chaincode "${CHAINCODE_VERSION}" "${CHAINCODE_SEQUENCE}"
}

cmd_upgrade() {
  require_fabric_binaries
  local version=""
  while (($#)); do
    case $1 in
      --version) version=${2:?--version needs a value}; shift 2 ;;
      *) die "unknown option $1 (upgrade --version X)" ;;
    esac
  done
  [[ -n "$version" ]] || die "upgrade needs --version"
  upgrade_chaincode "$version"
}

cmd_migrate() {
  require_fabric_binaries
  local type=${1:?migrate needs a record type, e.g. settlement} page_size=50 bookmark='""'
  shift
  while (($#)); do
    case $1 in
      --page-size) page_size=${2:?--page-size needs a value}; shift 2 ;;
      --bookmark) bookmark=${2?--bookmark needs a value}; shift 2 ;;
      *) die "unknown option $1 (migrate TYPE [--page-size N] [--bookmark B])" ;;
    esac
  done
  migrate_records "$type" "$page_size" "$bookmark"
}

cmd_status() {
  local file name
  shopt -s nullglob
  for file in "${RUN_DIR}"/pids/*.pid; do
    name=$(basename "$file" .pid)
    if is_running "$name"; then info "running  $name (pid $(cat "$file"))"; else warn "stopped  $name"; fi
  done
  shopt -u nullglob
  [[ -d "${RUN_DIR}/fabric-ca" ]] && ca_status
  if require_fabric_binaries 2>/dev/null && [[ -d "$(crypto_dir)" ]]; then
    use_org_admin "$(first_org)"
    on_host "$(first_org)" peer channel getinfo -c "${CHANNEL_NAME}" 2>/dev/null | sed -n 's/^Blockchain info: /channel: /p' || true
    on_host "$(first_org)" peer lifecycle chaincode querycommitted -C "${CHANNEL_NAME}" -n "${CHAINCODE_NAME}" 2>/dev/null | head -1 || true
  fi
}

cmd_env() {
  local org=${1:?env needs an org: $(org_names)}
  require_fabric_binaries
  use_org_admin "$org"
  local var
  for var in PATH FABRIC_CFG_PATH CORE_PEER_LOCALMSPID CORE_PEER_MSPCONFIGPATH CORE_PEER_ADDRESS CORE_PEER_TLS_ENABLED CORE_PEER_TLS_ROOTCERT_FILE; do
    printf 'export %s=%q\n' "$var" "${!var}"
  done
}

cmd_revoke() {
  local org=${1:?revoke needs an org: $(org_names)} user=${2:?revoke needs a user (its enrollment ID)}
  require_fabric_binaries
  org_field "$org" 0 >/dev/null
  revoke_user "$org" "$user"
}

# Each running peer: name, height, current block hash (base64), as its org's admin reads them on its host.
cmd_heights() {
  require_fabric_binaries
  local org index info
  for org in $(org_names); do
    for index in 0 1; do
      is_running "peer${index}.${org}" || continue
      use_org_admin "$org" "$index"
      info=$(on_host "$org" peer channel getinfo -c "${CHANNEL_NAME}" 2>/dev/null | sed -n 's/^Blockchain info: //p')
      [[ -n "$info" ]] || die "peer${index}.${org} did not answer"
      printf '%s %s %s\n' "peer${index}.${org}" "$(jq -r .height <<<"$info")" "$(jq -r .currentBlockHash <<<"$info")"
    done
  done
}

cmd_fault() {
  is_multihost || die "faults between hosts need NETWORK_LAYOUT=multihost"
  local kind=${1:-}
  [[ $# -gt 0 ]] && shift
  case $kind in
    link) set_host_link "${1:?fault link HOST up|down}" "${2:?fault link HOST up|down}" ;;
    isolate) isolate_hosts "${1:?fault isolate HOST OTHER...}" "${@:2}" ;;
    rejoin) rejoin_hosts "${1:?fault rejoin HOST OTHER...}" "${@:2}" ;;
    *) die "usage: network.sh fault link HOST up|down | isolate HOST OTHER... | rejoin HOST OTHER..." ;;
  esac
}

cmd_down() {
  stop_all
  if is_multihost || [[ -f "$(layout_marker)" ]]; then
    remove_multihost_network
    ok "multihost network removed: namespaces ${MULTIHOST_PREFIX}-*, bridge ${MULTIHOST_BRIDGE}"
  fi
  rm -rf "${RUN_DIR}"
  ok "network down; ${RUN_DIR} removed"
}

main() {
  local command=${1:-}
  [[ $# -gt 0 ]] && shift
  case $command in
    up) cmd_up ;;
    deploy) cmd_deploy ;;
    upgrade) cmd_upgrade "$@" ;;
    migrate) cmd_migrate "$@" ;;
    status) cmd_status ;;
    env) cmd_env "$@" ;;
    revoke) cmd_revoke "$@" ;;
    gateway-config) write_gateway_config ;;
    gateway)
      case ${1:-} in
        start) start_gateways "${@:2}" ;;
        stop) stop_gateways "${@:2}" ;;
        backup | restore)
          is_multihost || die "gateway $1 is for the multihost layout's per-org gateways"
          "$1_gateway" "${2:?gateway $1 ORG FILE}" "${3:?gateway $1 ORG FILE}"
          ;;
        *) die "usage: network.sh gateway start|stop [ORG] | backup|restore ORG FILE" ;;
      esac
      ;;
    gateways) is_multihost || die "gateways lists the multihost layout's gateways"; gateways_json ;;
    heights) cmd_heights ;;
    join-from-snapshot)
      require_fabric_binaries
      join_peer_from_snapshot "${1:?join-from-snapshot ORG}"
      ;;
    fault) cmd_fault "$@" ;;
    down) cmd_down ;;
    -h | --help | help | "") usage ;;
    *) usage >&2; die "unknown command: $command" ;;
  esac
}

main "$@"
