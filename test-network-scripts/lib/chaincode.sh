# shellcheck shell=bash
# Chaincode as a service: package a connection.json, install, approve per org, commit, run the server.

chaincode_state() { echo "${RUN_DIR}/chaincode-${CHAINCODE_NAME}.state"; }

committed_sequence() {
  local definition
  definition=$(committed_definition)
  echo "${definition#* }"
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

# definition_args VERSION SEQUENCE — the definition every org approves and the commit names.
definition_args() {
  printf -- '--channelID %s --name %s --version %s --sequence %s' "${CHANNEL_NAME}" "${CHAINCODE_NAME}" "$1" "$2"
  if [[ -n "${COLLECTIONS_CONFIG}" ]]; then printf -- ' --collections-config %s' "${COLLECTIONS_CONFIG}"; fi
}

# approved_by_org ORG VERSION SEQUENCE PACKAGE_ID — whether ORG (selected by use_org_admin) approved exactly that.
approved_by_org() {
  local org=$1 approved
  shift
  approved=$(on_host "$org" peer lifecycle chaincode queryapproved -C "${CHANNEL_NAME}" -n "${CHAINCODE_NAME}" --sequence "$2" \
    --output json 2>/dev/null) || return 1
  [[ "$(jq -r '.version' <<<"$approved")" == "$1" &&
    "$(jq -r '.source.Type.LocalPackage.package_id // ""' <<<"$approved")" == "$3" ]]
}

# approve_for_org ORG VERSION SEQUENCE PACKAGE_ID — ORG's admin approves the definition (skipped when done).
approve_for_org() {
  local org=$1 version=$2 sequence=$3 package_id=$4
  use_org_admin "$org"
  if approved_by_org "$org" "$version" "$sequence" "$package_id"; then
    ok "approved by ${org} already (sequence ${sequence})"
    return 0
  fi
  local log="${RUN_DIR}/logs/approve-${org}.log" deadline=$(($(date +%s) + WAIT_SECONDS))
  # shellcheck disable=SC2046 # definition_args and orderer_args are lists of words on purpose
  until on_host "$org" peer lifecycle chaincode approveformyorg $(definition_args "$version" "$sequence") \
    --package-id "$package_id" $(orderer_args) >/dev/null 2>"$log"; do
    # An orderer between Raft leaders answers SERVICE_UNAVAILABLE; the approval may also have landed.
    orderer_unavailable_until "$deadline" "$log" || die "approval by ${org} failed; see ${log}"
    sleep 1
    approved_by_org "$org" "$version" "$sequence" "$package_id" && break
  done
  ok "approved by ${org} (sequence ${sequence})"
}

# orderer_unavailable_until DEADLINE LOG — whether a peer CLI's failure in LOG was the ordering service's
# passing SERVICE_UNAVAILABLE (no Raft leader yet, or a leader change), which a retry outlives, and the
# time (epoch seconds) to retry is not up.
orderer_unavailable_until() {
  (($(date +%s) < $1)) && grep -q 'SERVICE_UNAVAILABLE' "$2"
}

# committed_definition — "VERSION SEQUENCE" of the committed definition, empty when there is none.
committed_definition() {
  use_org_admin "$(first_org)"
  on_host "$(first_org)" peer lifecycle chaincode querycommitted -C "${CHANNEL_NAME}" -n "${CHAINCODE_NAME}" --output json \
    2>/dev/null | jq -r '"\(.version) \(.sequence)"' 2>/dev/null || true
}

# commit_definition VERSION SEQUENCE — commits once every org approved (skipped when committed).
commit_definition() {
  local version=$1 sequence=$2
  if [[ "$(committed_definition)" == "${version} ${sequence}" ]]; then
    ok "${CHAINCODE_NAME} ${version}, sequence ${sequence} committed already"
    return 0
  fi
  use_org_admin "$(first_org)"
  local log="${RUN_DIR}/logs/commit.log" deadline=$(($(date +%s) + WAIT_SECONDS))
  # shellcheck disable=SC2046
  until on_host "$(first_org)" peer lifecycle chaincode commit $(definition_args "$version" "$sequence") $(orderer_args) \
    $(all_peer_args) >/dev/null 2>"$log"; do
    orderer_unavailable_until "$deadline" "$log" || die "commit failed; see ${log}"
    sleep 1
    [[ "$(committed_definition)" == "${version} ${sequence}" ]] && break
    use_org_admin "$(first_org)"
  done
  ok "committed ${CHAINCODE_NAME} ${version}, sequence ${sequence}"
}

approve_and_commit() {
  local version=$1 sequence=$2 package_id=$3 org
  for org in $(org_names); do approve_for_org "$org" "$version" "$sequence" "$package_id"; done
  commit_definition "$version" "$sequence"
}

# chaincode_answers ORG — whether ORG's peer (its admin selected by use_org_admin) runs the chaincode.
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

# chaincode_port SEQUENCE — where that server listens (the package's connection.json names it).
chaincode_port() { echo $((CHAINCODE_PORT_BASE + $1)); }

# package_and_install VERSION SEQUENCE — packages and installs on every peer; prints the package ID.
package_and_install() {
  local version=$1 sequence=$2 pkg package_id
  pkg=$(package_chaincode "${CHAINCODE_NAME}_${version}" "$(chaincode_port "$sequence")")
  use_org_admin "$(first_org)"
  package_id=$(peer lifecycle chaincode calculatepackageid "$pkg")
  install_everywhere "$pkg" "$package_id" >&2
  echo "$package_id"
}

record_chaincode_state() {
  local servers
  servers=$(chaincode_servers "$2")
  printf 'VERSION=%s\nSEQUENCE=%s\nSERVER=%s\nPACKAGE_ID=%s\nMODULE=%s\n' "$1" "$2" "${servers% }" "$3" \
    "${CHAINCODE_MODULE}" >"$(chaincode_state)"
}

# start_chaincode_servers SEQUENCE PACKAGE_ID — the definition's servers (one per org on its host, multihost).
start_chaincode_servers() {
  local server
  for server in $(chaincode_servers "$1"); do
    start_chaincode_server "$server" "$(chaincode_port "$1")" "$2"
  done
}

# deploy_chaincode VERSION SEQUENCE
deploy_chaincode() {
  local version=$1 sequence=$2 package_id
  package_id=$(package_and_install "$version" "$sequence")
  start_chaincode_servers "$sequence" "$package_id"
  approve_and_commit "$version" "$sequence" "$package_id"
  wait_chaincode_ready
  record_chaincode_state "$version" "$sequence" "$package_id"
}
