# shellcheck shell=bash
# Orderers and peers as native processes, each on its host (lib/layout.sh; their material comes from the
# CAs: lib/ca.sh).

start_orderers() {
  local entry fields name port admin ops dir listen
  for entry in "${ORDERERS[@]}"; do
    read -r -a fields <<<"$entry"
    name=${fields[0]} port=${fields[1]} admin=${fields[2]} ops=${fields[3]}
    dir=$(orderer_dir "$name")
    listen=$(listen_address "$name")
    mkdir -p "${RUN_DIR}/orderers/${name}" "${RUN_DIR}/data/${name}"
    cp "${NETWORK_DIR}/orderer/orderer.yaml" "${RUN_DIR}/orderers/${name}/orderer.yaml"
    start_daemon "$name" --on "$name" env \
      FABRIC_CFG_PATH="${RUN_DIR}/orderers/${name}" \
      FABRIC_LOGGING_SPEC="${FABRIC_LOGGING_SPEC}" \
      ORDERER_GENERAL_LISTENADDRESS="$listen" \
      ORDERER_GENERAL_LISTENPORT="$port" \
      ORDERER_GENERAL_LOCALMSPDIR="$dir/msp" \
      ORDERER_GENERAL_TLS_PRIVATEKEY="$dir/tls/server.key" \
      ORDERER_GENERAL_TLS_CERTIFICATE="$dir/tls/server.crt" \
      ORDERER_GENERAL_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
      ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$dir/tls/server.crt" \
      ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$dir/tls/server.key" \
      ORDERER_GENERAL_CLUSTER_ROOTCAS="[$dir/tls/ca.crt]" \
      ORDERER_FILELEDGER_LOCATION="${RUN_DIR}/data/${name}" \
      ORDERER_CONSENSUS_WALDIR="${RUN_DIR}/data/${name}/etcdraft/wal" \
      ORDERER_CONSENSUS_SNAPDIR="${RUN_DIR}/data/${name}/etcdraft/snapshot" \
      ORDERER_ADMIN_LISTENADDRESS="${listen}:${admin}" \
      ORDERER_ADMIN_TLS_CERTIFICATE="$dir/tls/server.crt" \
      ORDERER_ADMIN_TLS_PRIVATEKEY="$dir/tls/server.key" \
      ORDERER_ADMIN_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
      ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$dir/tls/ca.crt]" \
      ORDERER_OPERATIONS_LISTENADDRESS="${listen}:${ops}" \
      orderer
  done
  for entry in "${ORDERERS[@]}"; do
    read -r -a fields <<<"$entry"
    wait_for_port "${fields[0]}" "${fields[2]}" "${fields[0]}" "$(node_address "${fields[0]}")"
  done
  ok "orderers up: ${#ORDERERS[@]} (Raft)"
}

# peer_port ORG INDEX [FIELD] — peerINDEX's port (FIELD 3), chaincode port (4) or operations port (5):
# network.config's peer0 ports, PEER_PORT_STEP (100) further for each further peer.
peer_port() { echo $(($(org_field "$1" "${3:-3}") + $2 * 100)); }

# start_peer ORG INDEX — peerINDEX.<domain> on ORG's host; peer0 is the org's anchor and gossip bootstrap.
start_peer() {
  local org=$1 index=$2 domain dir listen address port ccport ops name
  domain=$(org_field "$org" 2)
  port=$(peer_port "$org" "$index") ccport=$(peer_port "$org" "$index" 4) ops=$(peer_port "$org" "$index" 5)
  dir=$(peer_dir "$domain" "$index") name="peer${index}.${org}"
  listen=$(listen_address "$org") address=$(node_address "$org" "peer${index}")
  mkdir -p "${RUN_DIR}/peers/${org}" "${RUN_DIR}/data/${name}"
  sed "s|@BUILDERS_DIR@|${NETWORK_DIR}/builders|" "${NETWORK_DIR}/peer/core.yaml" >"${RUN_DIR}/peers/${org}/core.yaml"
  start_daemon "$name" --on "$org" env \
    FABRIC_CFG_PATH="${RUN_DIR}/peers/${org}" \
    FABRIC_LOGGING_SPEC="${FABRIC_LOGGING_SPEC}" \
    CORE_PEER_ID="peer${index}.${domain}" \
    CORE_PEER_LISTENADDRESS="${listen}:${port}" \
    CORE_PEER_ADDRESS="${address}:${port}" \
    CORE_PEER_CHAINCODELISTENADDRESS="${listen}:${ccport}" \
    CORE_PEER_CHAINCODEADDRESS="${address}:${ccport}" \
    CORE_PEER_GOSSIP_BOOTSTRAP="$(node_address "$org" peer0):$(peer_port "$org" 0)" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="${address}:${port}" \
    CORE_PEER_LOCALMSPID="$(org_field "$org" 1)" \
    CORE_PEER_MSPCONFIGPATH="$dir/msp" \
    CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" \
    CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
    CORE_PEER_FILESYSTEMPATH="${RUN_DIR}/data/${name}" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="${RUN_DIR}/data/${name}/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="${listen}:${ops}" \
    peer node start
}

wait_for_peer() {
  wait_for_port "peer$2.$1" "$(peer_port "$1" "$2")" "$1" "$(node_address "$1" "peer$2")"
}

start_peers() {
  local org
  for org in $(org_names); do start_peer "$org" 0; done
  for org in $(org_names); do wait_for_peer "$org" 0; done
  ok "peers up: $(org_names)"
}

stop_all() {
  local file name
  shopt -s nullglob
  # Signal every daemon first, then wait for each: shutdowns overlap instead of adding up.
  for file in "${RUN_DIR}"/pids/*.pid; do
    kill -TERM "$(cat "$file")" 2>/dev/null || true
  done
  for file in "${RUN_DIR}"/pids/*.pid; do
    name=$(basename "$file" .pid)
    stop_daemon "$name"
    info "stopped $name"
  done
  shopt -u nullglob
}
