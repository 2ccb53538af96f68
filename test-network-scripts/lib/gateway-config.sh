# shellcheck shell=bash
# The REST gateway's connection file for this network (FABRIC_CONNECTION): peers, the identities the CAs
# issued (named <MSP>:<enrollment ID>, the org admin <MSP>:Admin), and per org its CA with the registrar
# identity the gateway may register and enroll new users with; for the explorer's network view, each peer's
# name and operations service, and the orderers. In the local layout one gateway holds every org's
# identities; in the multihost layout each org runs its own gateway holding its own org's identities only.

gateway_connection_file() { echo "${RUN_DIR}/gateway-connection.json"; }
org_gateway_dir() { echo "${RUN_DIR}/gateways/$1"; }
org_gateway_connection_file() { echo "$(org_gateway_dir "$1")/connection.json"; }

write_gateway_config() {
  connection_json "$(org_names)" "$(first_org)" >"$(gateway_connection_file)"
  ok "gateway connection file: $(gateway_connection_file)"
  if is_multihost; then
    local org
    for org in $(org_names); do
      mkdir -p "$(org_gateway_dir "$org")"
      connection_json "$org" "$org" >"$(org_gateway_connection_file "$org")"
    done
    ok "each org's gateway connection file: $(org_gateway_connection_file '<org>')"
  fi
}

# connection_json "ORG..." READER_ORG — every peer and orderer; the identities and CAs of the ORGs.
connection_json() {
  local holders=$1 reader_org=$2 org domain msp entry fields peers=() identities=() cas=() orderer_nodes=()
  for org in $(org_names); do
    domain=$(org_field "$org" 2) msp=$(org_field "$org" 1)
    peers+=("$(jq -nc --arg msp "$msp" --arg endpoint "$(node_address "$org" peer):$(org_field "$org" 3)" \
      --arg tls "$(peer_tls_ca "$domain")" --arg name "peer0.${domain}" \
      --arg ops "http://$(node_address "$org" peer):$(org_field "$org" 5)" \
      '{mspId: $msp, endpoint: $endpoint, tlsRootCertPath: $tls, name: $name, operationsUrl: $ops}')")
    [[ " ${holders} " == *" ${org} "* ]] || continue
    identities+=("$(jq -nc --arg msp "$msp" --arg dir "$(admin_msp "$domain")" '{name: "\($msp):Admin", mspId: $msp, mspDir: $dir}')")
    local -n users="USERS_${org}"
    for entry in "${users[@]}"; do
      identities+=("$(jq -nc --arg msp "$msp" --arg id "${entry%%=*}" --arg dir "$(user_dir "$domain" "${entry%%=*}")/msp" \
        '{name: "\($msp):\($id)", mspId: $msp, mspDir: $dir}')")
    done
    unset -n users
    cas+=("$(jq -nc --arg msp "$msp" --arg name "$(ca_name "$org")" --arg url "$(ca_url "$org")" --arg tls "$(ca_cert "$org")" \
      --arg registrar "${CA_REGISTRAR_ID}" --arg dir "$(user_dir "$domain" "${CA_REGISTRAR_ID}")/msp" \
      '{mspId: $msp, caName: $name, url: $url, tlsRootCertPath: $tls, registrar: {enrollmentId: $registrar, mspDir: $dir}}')")
  done
  read -r -a fields <<<"${ORDERER_ORG}"
  local orderer_msp=${fields[1]} reader
  reader="$(org_field "$reader_org" 1):Admin"
  for entry in "${ORDERERS[@]}"; do
    read -r -a fields <<<"$entry"
    orderer_nodes+=("$(jq -nc --arg name "${fields[0]}" --arg msp "$orderer_msp" \
      --arg endpoint "$(node_address "${fields[0]}"):${fields[1]}" --arg ops "http://$(node_address "${fields[0]}"):${fields[3]}" \
      '{name: $name, mspId: $msp, endpoint: $endpoint, operationsUrl: $ops}')")
  done
  local IFS=,
  jq -n --arg channel "${CHANNEL_NAME}" --arg chaincode "${CHAINCODE_NAME}" \
    --argjson peers "[${peers[*]}]" --argjson identities "[${identities[*]}]" --argjson cas "[${cas[*]}]" \
    --argjson orderers "[${orderer_nodes[*]}]" --arg reader "$reader" \
    '{channelName: $channel, chaincodeName: $chaincode, peers: $peers, orderers: $orderers, identities: $identities,
      reader: $reader, certificateAuthorities: $cas}'
}
