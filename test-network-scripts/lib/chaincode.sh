# shellcheck shell=bash
# Chaincode as a service: package a connection.json, install, approve per org, commit, run the server.

chaincode_state() { echo "${RUN_DIR}/chaincode-${CHAINCODE_NAME}.state"; }

committed_sequence() {
  use_org_admin "$(first_org)"
  on_host "$(first_org)" peer lifecycle chaincode querycommitted -C "${CHANNEL_NAME}" -n "${CHAINCODE_NAME}" 2>/dev/null |
    sed -n 's/.*Sequence: \([0-9]*\).*/\1/p'
}

first_org() {
  local names
  read -r -a names <<<"$(org_names)"
  echo "${names[0]}"
}

# The first orderer's address and TLS root, for the peer CLI.
orderer_args() {
  local fields
  read -r -a fields <<<"${ORDERERS[0]}"
  printf -- '--orderer %s:%s --tls --cafile %s' "$(node_address "${fields[0]}")" "${fields[1]}" "$(orderer_tls_ca)"
}

deterministic_tar() {
  local dir=$1
  shift
  tar -C "$dir" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - "$@" | gzip -n
}

# package_chaincode LABEL PORT → prints the package file
package_chaincode() {
  local label=$1 port=$2 work pkg
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  mkdir -p "$work/src" "$work/pkg" "${RUN_DIR}/packages"
  printf '{"address":"%s:%s","dial_timeout":"10s","tls_required":false}\n' "$(chaincode_address)" "$port" >"$work/src/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$work/pkg/metadata.json"
  pkg="${RUN_DIR}/packages/${label}.tar.gz"
  # Reproducible archives (fixed times and owners, no gzip timestamp): the same label and port always
  # give the same package ID, so deploy can be run again.
  deterministic_tar "$work/src" connection.json >"$work/pkg/code.tar.gz"
  deterministic_tar "$work/pkg" metadata.json code.tar.gz >"$pkg"
  echo "$pkg"
}

install_everywhere() {
  local pkg=$1 package_id=$2 org
  for org in $(org_names); do
    use_org_admin "$org"
    if on_host "$org" peer lifecycle chaincode queryinstalled 2>/dev/null | grep -q "Package ID: ${package_id},"; then
      continue
    fi
    on_host "$org" peer lifecycle chaincode install "$pkg" >/dev/null 2>"${RUN_DIR}/logs/install-${org}.log" ||
      die "install on peer0.${org} failed; see ${RUN_DIR}/logs/install-${org}.log"
  done
  ok "installed ${package_id} on $(org_names)"
}

# chaincode_servers SEQUENCE — the servers' names: one on 127.0.0.1, or one per org on the org's host.
chaincode_servers() {
  local org
  if ! is_multihost; then
    echo "${CHAINCODE_NAME}-cc-$1"
    return 0
  fi
  for org in $(org_names); do printf '%s ' "${CHAINCODE_NAME}-cc-$1.${org}"; done
}

# start_chaincode_server NAME PORT PACKAGE_ID — on the host of the org its name ends with (multihost).
start_chaincode_server() {
  local name=$1 port=$2 package_id=$3 host="" address
  node -e 'require.resolve(process.argv[1])' "${CHAINCODE_MODULE}" 2>/dev/null ||
    die "the chaincode module ${CHAINCODE_MODULE} does not load (run make build)"
  if is_multihost; then host=${name##*.}; fi
  address=$(chaincode_address)
  start_daemon "$name" ${host:+--on "$host"} env CORE_CHAINCODE_LOGGING_LEVEL=WARNING \
    node "${REPO_ROOT}/node_modules/.bin/fabric-chaincode-node" server \
    --chaincode-address "${address}:${port}" --chaincode-id "$package_id" --module-path "${CHAINCODE_MODULE}"
  wait_for_port "$name" "$port" "$host" "$address"
  ok "chaincode server $name on ${host:-this host}, ${address}:${port}"
}

approve_and_commit() {
  local version=$1 sequence=$2 package_id=$3 org
  local common=(--channelID "${CHANNEL_NAME}" --name "${CHAINCODE_NAME}" --version "$version" --sequence "$sequence")
  if [[ -n "${COLLECTIONS_CONFIG}" ]]; then common+=(--collections-config "${COLLECTIONS_CONFIG}"); fi
  for org in $(org_names); do
    use_org_admin "$org"
    # shellcheck disable=SC2046 # orderer_args is a list of words on purpose
    on_host "$org" peer lifecycle chaincode approveformyorg "${common[@]}" --package-id "$package_id" $(orderer_args) \
      >/dev/null 2>"${RUN_DIR}/logs/approve-${org}.log" || die "approval by ${org} failed; see ${RUN_DIR}/logs/approve-${org}.log"
  done
  ok "approved by $(org_names) (sequence ${sequence})"
  use_org_admin "$(first_org)"
  # shellcheck disable=SC2046
  on_host "$(first_org)" peer lifecycle chaincode commit "${common[@]}" $(orderer_args) $(all_peer_args) \
    >/dev/null 2>"${RUN_DIR}/logs/commit.log" || die "commit failed; see ${RUN_DIR}/logs/commit.log"
  ok "committed ${CHAINCODE_NAME} ${version}, sequence ${sequence}"
}

chaincode_answers() {
  on_host "$1" peer chaincode query -C "${CHANNEL_NAME}" -n "${CHAINCODE_NAME}" -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}'
}

wait_chaincode_ready() {
  local org
  for org in $(org_names); do
    use_org_admin "$org"
    retry "${WAIT_SECONDS}" "${CHAINCODE_NAME} to answer on peer0.${org}" chaincode_answers "$org"
  done
  ok "${CHAINCODE_NAME} answers on every peer"
}

# deploy_chaincode VERSION SEQUENCE
deploy_chaincode() {
  local version=$1 sequence=$2 port label pkg package_id server servers
  port=$((CHAINCODE_PORT_BASE + sequence))
  label="${CHAINCODE_NAME}_${version}"
  pkg=$(package_chaincode "$label" "$port")
  use_org_admin "$(first_org)"
  package_id=$(peer lifecycle chaincode calculatepackageid "$pkg")
  install_everywhere "$pkg" "$package_id"
  servers=$(chaincode_servers "$sequence")
  for server in $servers; do
    start_chaincode_server "$server" "$port" "$package_id"
  done
  approve_and_commit "$version" "$sequence" "$package_id"
  wait_chaincode_ready
  printf 'VERSION=%s\nSEQUENCE=%s\nSERVER=%s\nPACKAGE_ID=%s\n' "$version" "$sequence" "${servers% }" "$package_id" >"$(chaincode_state)"
}
