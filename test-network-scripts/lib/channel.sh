# shellcheck shell=bash
# Channel creation with the channel participation API: a genesis block, osnadmin join, peer join.

channel_block() { echo "${RUN_DIR}/channel-artifacts/${CHANNEL_NAME}.block"; }

create_channel_block() {
  [[ -f "$(channel_block)" ]] && return 0
  mkdir -p "${RUN_DIR}/channel-artifacts"
  write_configtx "${RUN_DIR}/configtx.yaml"
  FABRIC_CFG_PATH="${RUN_DIR}" configtxgen -profile AllianceChannel -outputBlock "$(channel_block)" \
    -channelID "${CHANNEL_NAME}" 2>"${RUN_DIR}/logs/configtxgen.log" || die "configtxgen failed; see ${RUN_DIR}/logs/configtxgen.log"
  ok "genesis block of channel ${CHANNEL_NAME}"
}

# configtx.yaml with network.config's ports and the layout's addresses: its orderer and anchor peer ports
# are the defaults, so each moves by PORT_OFFSET (\b: 7050 is replaced, 17050 is not), and each 127.0.0.1
# beside (or, for a consenter, above) a node's port becomes the name that node is reached by.
write_configtx() {
  local entry fields org port
  # A consenter is "- Host: 127.0.0.1" on one line and "Port: N" on the next: N joins them first.
  local edits=(-e '/^ *- Host: 127\.0\.0\.1$/N')
  for entry in "${ORDERERS[@]}"; do
    read -r -a fields <<<"$entry"
    add_configtx_edits "$((fields[1] - PORT_OFFSET))" "${fields[1]}" "$(node_address "${fields[0]}")"
  done
  for org in $(org_names); do
    port=$(org_field "$org" 3)
    add_configtx_edits "$((port - PORT_OFFSET))" "$port" "$(node_address "$org" peer)"
  done
  sed "${edits[@]}" "${NETWORK_DIR}/configtx.yaml" >"$1"
}

# add_configtx_edits DEFAULT_PORT PORT ADDRESS — appends to the caller's `edits` the sed expressions for
# one node's three forms: 127.0.0.1:PORT, { Host: 127.0.0.1, Port: PORT }, and a consenter's two lines.
add_configtx_edits() {
  local from=$1 to=$2 address=$3
  edits+=(-e "s/127\\.0\\.0\\.1:${from}\\b/${address}:${to}/g")
  edits+=(-e "s/Host: 127\\.0\\.0\\.1, Port: ${from}\\b/Host: ${address}, Port: ${to}/")
  edits+=(-e "s/Host: 127\\.0\\.0\\.1\\(\\n *Port: \\)${from}\\b/Host: ${address}\\1${to}/")
}

join_orderers() {
  local entry fields admin_tls admin_host address
  admin_tls="$(orderer_org_dir)/users/Admin@example.com/tls"
  # The orderer org's admin acts from its CA's host.
  admin_host=$(ca_host "$(orderer_org_field 0)")
  for entry in "${ORDERERS[@]}"; do
    read -r -a fields <<<"$entry"
    address="$(node_address "${fields[0]}"):${fields[2]}"
    # osnadmin exits 0 whatever the HTTP status: read the status line.
    if on_host "$admin_host" osnadmin channel list --channelID "${CHANNEL_NAME}" -o "$address" --ca-file "$(orderer_tls_ca)" \
      --client-cert "$admin_tls/client.crt" --client-key "$admin_tls/client.key" 2>/dev/null | grep -q '^Status: 200'; then
      continue
    fi
    on_host "$admin_host" osnadmin channel join --channelID "${CHANNEL_NAME}" --config-block "$(channel_block)" -o "$address" \
      --ca-file "$(orderer_tls_ca)" --client-cert "$admin_tls/client.crt" --client-key "$admin_tls/client.key" 2>&1 |
      grep -q '^Status: 201' || die "${fields[0]} could not join ${CHANNEL_NAME}"
  done
  ok "orderers joined ${CHANNEL_NAME}"
  wait_for_raft_leader
}

raft_leader_elected() {
  local entry fields
  for entry in "${ORDERERS[@]}"; do
    read -r -a fields <<<"$entry"
    grep -q "Raft leader changed: 0 -> [1-9].*channel=${CHANNEL_NAME}" "$(log_file "${fields[0]}")" && return 0
  done
  return 1
}

# Raft elects a leader a few seconds after the join; only the orderers' info-level log shows it.
wait_for_raft_leader() {
  retry "${WAIT_SECONDS}" "a Raft leader on ${CHANNEL_NAME}" raft_leader_elected
  ok "Raft leader elected on ${CHANNEL_NAME}"
}

join_peers() {
  local org
  for org in $(org_names); do
    use_org_admin "$org"
    if on_host "$org" peer channel list 2>/dev/null | grep -qx "${CHANNEL_NAME}"; then
      continue
    fi
    # The orderers may still be electing a leader: retry the join for a bounded time.
    retry "${WAIT_SECONDS}" "peer0.${org} to join ${CHANNEL_NAME}" on_host "$org" peer channel join -b "$(channel_block)"
  done
  ok "peers joined ${CHANNEL_NAME}"
}

# peers_known ORG — how many other peers ORG's peer0 knows on the channel (its gossip membership metric).
peers_known() {
  on_host "$1" curl -sf "http://$(node_address "$1" peer):$(org_field "$1" 5)/metrics" |
    sed -n "s/^gossip_membership_total_peers_known{channel=\"${CHANNEL_NAME}\"} \([0-9]*\).*/\1/p"
}

gossip_converged() {
  local org others known
  others=$(($(wc -w <<<"$(org_names)") - 1))
  for org in $(org_names); do
    known=$(peers_known "$org" || true)
    # At least: an org may run more than one peer (a peer joined from a snapshot).
    ((${known:-0} >= others)) || return 1
  done
}

# Until every peer knows every other, discovery cannot name endorsers from enough orgs for MAJORITY
# ("no combination of peers can be derived"): wait for the gossip membership to converge.
wait_for_gossip() {
  retry "${WAIT_SECONDS}" "every peer to discover the others on ${CHANNEL_NAME}" gossip_converged
  ok "peers discovered each other on ${CHANNEL_NAME}"
}
