# shellcheck shell=bash
# Revocation: a user's certificates revoked at its org's CA, the CA's CRL (gencrl) kept in the org's MSP
# folder and, by a channel config update, put in the org's channel MSP (`revocation_list`). From the block
# with that update on, every peer refuses the user's proposals and transactions.

# revoke_user ORG USER — idempotent: revoking again finds the channel's CRL revoking the same certificates
# and changes nothing on chain.
revoke_user() {
  local org=$1 user=$2 crl
  [[ "$user" != "${CA_BOOTSTRAP_ID}" ]] || die "${CA_BOOTSTRAP_ID} is the CA's own bootstrap admin"
  # As the CA's bootstrap admin: every certificate of the user, and the identity (it cannot enroll again).
  ca_client "$org" revoke --revoke.name "$user" --revoke.reason keycompromise ||
    die "revoking ${user} at $(ca_name "$org") failed; see $(ca_client_log "$org")"
  # The CA's CRL of every certificate it ever revoked (not `revoke --gencrl`: a revoke that finds nothing
  # new to revoke writes an empty file).
  ca_client "$org" gencrl || die "gencrl at $(ca_name "$org") failed; see $(ca_client_log "$org")"
  crl="$(ca_client_home "$org")/msp/crls/crl.pem"
  grep -q -- '-----BEGIN X509 CRL-----' "$crl" 2>/dev/null || die "$(ca_name "$org") wrote no CRL to ${crl}"
  # The org's MSP folder keeps it too: an MSP definition printed from it later (configtxgen -printOrg,
  # a new channel) carries the revocations.
  mkdir -p "$(any_org_root "$org")/msp/crls"
  cp "$crl" "$(any_org_root "$org")/msp/crls/crl.pem"
  ok "revoked ${user} at $(ca_name "$org"); CRL in $(any_org_root "$org")/msp/crls/crl.pem"
  put_crl_on_channel "$org" "$crl"
}

# fetch_channel_config FILE — the channel's latest config block, from the orderers, as the current admin
# (who acts from the first org's host: any org's host reaches the orderers).
fetch_channel_config() {
  # shellcheck disable=SC2046 # orderer_args is a list of words on purpose
  on_host "$(first_org)" peer channel fetch config "$1" -c "${CHANNEL_NAME}" $(orderer_args) >/dev/null 2>>"${RUN_DIR}/logs/config-update.log" ||
    die "fetching the config of ${CHANNEL_NAME} failed; see ${RUN_DIR}/logs/config-update.log"
}

# put_crl_on_channel ORG CRL — a config update that sets ORG's channel MSP revocation_list to [CRL].
# The CA's CRL lists everything it revoked, so it replaces the list rather than adding to it. The org's
# MSP value is governed by the org's own Admins policy (its mod_policy, as for anchor peers), so ORG's
# admin signs it; no other org's signature is required, and the orderers check that.
put_crl_on_channel() {
  local org=$1 crl=$2 msp work
  msp=$(org_field "$org" 1)
  work=$(mktemp -d)
  trap 'rm -rf "$work"; trap - RETURN' RETURN
  use_org_admin "$org"
  fetch_channel_config "$work/config_block.pb"
  configtxlator proto_decode --input "$work/config_block.pb" --type common.Block |
    jq '.data.data[0].payload.data.config' >"$work/config.json"
  # gencrl signs a new CRL each time: compare what it revokes, not its bytes.
  jq -r --arg msp "$msp" '.channel_group.groups.Application.groups[$msp].values.MSP.value.config.revocation_list // [] | .[]' \
    "$work/config.json" | while read -r current; do base64 -d <<<"$current"; done >"$work/current-crls.pem"
  if [[ -s "$work/current-crls.pem" && "$(crl_serials "$work/current-crls.pem")" == "$(crl_serials "$crl")" ]]; then
    info "${msp}'s channel MSP already revokes the same certificates"
    return 0
  fi
  jq --arg msp "$msp" --arg crl "$(base64 -w0 "$crl")" \
    '.channel_group.groups.Application.groups[$msp].values.MSP.value.config.revocation_list = [$crl]' \
    "$work/config.json" >"$work/updated.json"
  configtxlator proto_encode --input "$work/config.json" --type common.Config --output "$work/config.pb"
  configtxlator proto_encode --input "$work/updated.json" --type common.Config --output "$work/updated.pb"
  configtxlator compute_update --channel_id "${CHANNEL_NAME}" --original "$work/config.pb" --updated "$work/updated.pb" \
    --output "$work/update.pb"
  configtxlator proto_decode --input "$work/update.pb" --type common.ConfigUpdate --output "$work/update.json"
  jq -n --arg channel "${CHANNEL_NAME}" --slurpfile update "$work/update.json" \
    '{payload: {header: {channel_header: {channel_id: $channel, type: 2}}, data: {config_update: $update[0]}}}' \
    >"$work/envelope.json"
  configtxlator proto_encode --input "$work/envelope.json" --type common.Envelope --output "$work/envelope.pb"
  # shellcheck disable=SC2046
  on_host "$org" peer channel update -f "$work/envelope.pb" -c "${CHANNEL_NAME}" $(orderer_args) >/dev/null 2>>"${RUN_DIR}/logs/config-update.log" ||
    die "the config update of ${msp}'s revocation list was refused; see ${RUN_DIR}/logs/config-update.log"
  fetch_channel_config "$work/latest.pb"
  wait_for_block_on_peers "$(configtxlator proto_decode --input "$work/latest.pb" --type common.Block | jq -r '.header.number')"
  ok "${msp}'s channel MSP carries the CRL: its revoked certificates are refused from now on"
}

# crl_serials FILE — the serial numbers a PEM CRL revokes, sorted (the channel holds one CRL per org here).
crl_serials() {
  openssl crl -in "$1" -noout -text | sed -n 's/^ *Serial Number: *//p' | sort
}

peer_height() {
  use_org_admin "$1"
  on_host "$1" peer channel getinfo -c "${CHANNEL_NAME}" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p'
}

peers_have_block() {
  local org height
  for org in $(org_names); do
    height=$(peer_height "$org")
    if [[ -z "$height" ]] || ((height <= $1)); then return 1; fi
  done
}

# wait_for_block_on_peers NUMBER — every peer has committed block NUMBER (its height is beyond it).
wait_for_block_on_peers() {
  retry "${WAIT_SECONDS}" "every peer to commit block $1" peers_have_block "$1"
}
