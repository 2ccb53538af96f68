# shellcheck shell=bash
# The REST gateway's connection file for this network (FABRIC_CONNECTION), naming cryptogen's users.

gateway_connection_file() { echo "${RUN_DIR}/gateway-connection.json"; }

write_gateway_config() {
  local org domain msp users i peers=() identities=()
  for org in $(org_names); do
    domain=$(org_field "$org" 2) msp=$(org_field "$org" 1)
    peers+=("{\"mspId\":\"${msp}\",\"endpoint\":\"127.0.0.1:$(org_field "$org" 3)\",\"tlsRootCertPath\":\"$(peer_tls_ca "$domain")\"}")
    identities+=("{\"name\":\"${msp}:Admin\",\"mspId\":\"${msp}\",\"mspDir\":\"$(admin_msp "$domain")\"}")
    local -n users="USERS_${org}"
    for i in "${!users[@]}"; do
      identities+=("{\"name\":\"${msp}:${users[$i]}\",\"mspId\":\"${msp}\",\"mspDir\":\"$(org_dir "$domain")/users/User$((i + 1))@${domain}/msp\"}")
    done
    unset -n users
  done
  local IFS=,
  printf '{"channelName":"%s","chaincodeName":"%s","peers":[%s],"identities":[%s],"reader":"EcommerceMSP:Admin"}\n' \
    "${CHANNEL_NAME}" "${CHAINCODE_NAME}" "${peers[*]}" "${identities[*]}" >"$(gateway_connection_file)"
  ok "gateway connection file: $(gateway_connection_file)"
}
