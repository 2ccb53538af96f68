# shellcheck shell=bash
# A new peer of an existing org joining the channel from a ledger snapshot (Fabric's snapshots, 2.3+)
# instead of replaying every block from the orderers: the org's admin asks peer0 for a snapshot of its
# ledger at the last committed block, starts peer1 (its identity and TLS certificate from the org's CA),
# joins it with the snapshot, installs the chaincode package on it; peer1 then pulls only the blocks
# after the snapshot. peer1.<domain> runs on its org's host (in the multihost layout; on separate
# machines the snapshot folder is copied to its host), its ports network.config's peer ports + 100
# (peer_port in nodes.sh).

# snapshot_dir ORG — where ORG's peer0 writes completed snapshots of the channel (one folder per block).
snapshot_dir() { echo "${RUN_DIR}/data/peer0.$1/snapshots/completed/${CHANNEL_NAME}"; }

latest_snapshot() {
  local dir
  dir=$(snapshot_dir "$1")
  [[ -d "$dir" ]] || return 1
  find "$dir" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -n | tail -1 | sed "s|^|${dir}/|" | grep .
}

# request_snapshot ORG — a snapshot of peer0's ledger at its last committed block; prints its folder.
request_snapshot() {
  local org=$1 before
  before=$(latest_snapshot "$org" || true)
  use_org_admin "$org"
  on_host "$org" peer snapshot submitrequest -c "${CHANNEL_NAME}" -b 0 --peerAddress "${CORE_PEER_ADDRESS}" \
    --tlsRootCertFile "${CORE_PEER_TLS_ROOTCERT_FILE}" >>"${RUN_DIR}/logs/snapshot.log" 2>&1 ||
    die "peer0.${org} refused the snapshot request; see ${RUN_DIR}/logs/snapshot.log"
  local deadline=$(($(date +%s) + WAIT_SECONDS)) latest
  until latest=$(latest_snapshot "$org") && [[ "$latest" != "$before" && -f "$latest/_snapshot_signable_metadata.json" ]]; do
    (($(date +%s) < deadline)) || die "peer0.${org} wrote no snapshot within ${WAIT_SECONDS}s"
    sleep 0.5
  done
  echo "$latest"
}

peer1_joined() {
  on_host "$1" peer channel getinfo -c "${CHANNEL_NAME}" 2>/dev/null | grep -q height
}

# join_peer_from_snapshot ORG
join_peer_from_snapshot() {
  local org=$1 domain dir snapshot address
  domain=$(org_field "$org" 2)
  dir=$(peer_dir "$domain" 1)
  ca_local_msp "$org" peer1 peer "$dir/msp"
  ca_enroll_tls "$org" peer1 "$dir/tls" "peer1.${domain},localhost,127.0.0.1" server.crt server.key
  snapshot=$(request_snapshot "$org")
  ok "snapshot of peer0.${org}'s ledger at block $(basename "$snapshot"): ${snapshot}"
  start_peer "$org" 1
  wait_for_peer "$org" 1
  use_org_admin "$org" 1
  on_host "$org" peer channel joinbysnapshot --snapshotpath "$snapshot" >>"${RUN_DIR}/logs/snapshot.log" 2>&1 ||
    die "peer1.${org} could not join from the snapshot; see ${RUN_DIR}/logs/snapshot.log"
  retry "${WAIT_SECONDS}" "peer1.${org} to open ${CHANNEL_NAME} from the snapshot" peer1_joined "$org"
  local version package
  version=$(sed -n 's/^VERSION=//p' "$(chaincode_state)")
  package="${RUN_DIR}/packages/${CHAINCODE_NAME}_${version}.tar.gz"
  on_host "$org" peer lifecycle chaincode install "$package" >>"${RUN_DIR}/logs/snapshot.log" 2>&1 ||
    die "installing the chaincode on peer1.${org} failed; see ${RUN_DIR}/logs/snapshot.log"
  address=$(node_address "$org" peer1)
  ok "peer1.${org} (${address}:$(peer_port "$org" 1)) joined ${CHANNEL_NAME} from the snapshot at block $(basename "$snapshot")"
}
