# shellcheck shell=bash
# The REST gateway's connection file for this network (FABRIC_CONNECTION): peers, the identities the CAs
# issued (named <MSP>:<enrollment ID>, the org admin <MSP>:Admin), and per org its CA with the registrar
# identity the gateway may register and enroll new users with.

gateway_connection_file() { echo "${RUN_DIR}/gateway-connection.json"; }

write_gateway_config() {
  local org domain msp entry peers=() identities=() cas=()
  for org in $(org_names); do
    domain=$(org_field "$org" 2) msp=$(org_field "$org" 1)
    peers+=("$(jq -nc --arg msp "$msp" --arg endpoint "127.0.0.1:$(org_field "$org" 3)" --arg tls "$(peer_tls_ca "$domain")" \
      '{mspId: $msp, endpoint: $endpoint, tlsRootCertPath: $tls}')")
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
  local IFS=,
  jq -n --arg channel "${CHANNEL_NAME}" --arg chaincode "${CHAINCODE_NAME}" \
    --argjson peers "[${peers[*]}]" --argjson identities "[${identities[*]}]" --argjson cas "[${cas[*]}]" \
    '{channelName: $channel, chaincodeName: $chaincode, peers: $peers, identities: $identities,
      reader: "EcommerceMSP:Admin", certificateAuthorities: $cas}' >"$(gateway_connection_file)"
  ok "gateway connection file: $(gateway_connection_file)"
}
