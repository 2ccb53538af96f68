# shellcheck shell=bash
# Fabric CA: one CA server per organisation (CAS in network.config), TLS on, and every identity of the org
# registered and enrolled from it into the folder layout the rest of the scripts read (organizations.sh):
# nodes with their TLS certificates (the same CA's `tls` profile, as fabric-samples' registerEnroll.sh),
# the org admin, the org's `registrar` for the REST gateway, and the users with their roles.
#
#   ${RUN_DIR}/fabric-ca/<org>/server/    the CA's home: ca-cert.pem (also the TLS root of its listener),
#                                         fabric-ca-server-config.yaml (0600), its SQLite registry
#   ${RUN_DIR}/fabric-ca/<org>/client/    the bootstrap admin's fabric-ca-client home (msp/, crls after gencrl)
#   ${RUN_DIR}/fabric-ca/<org>/secrets/   one enrollment secret per registered identity (0600)

CA_BOOTSTRAP_ID=ca-admin # the CA's bootstrap admin (first registrar); never used outside these scripts
CA_REGISTRAR_ID=registrar

# ca_field ORG INDEX — one field of a CAS entry (0 org, 1 port, 2 operations port).
ca_field() {
  local entry fields
  for entry in "${CAS[@]}"; do
    read -r -a fields <<<"$entry"
    if [[ "${fields[0]}" == "$1" ]]; then
      echo "${fields[$2]}"
      return 0
    fi
  done
  die "no CA for '$1' in CAS (known: $(ca_orgs))"
}

ca_orgs() {
  local entry fields names=()
  for entry in "${CAS[@]}"; do
    read -r -a fields <<<"$entry"
    names+=("${fields[0]}")
  done
  echo "${names[*]}"
}

ca_name() { echo "ca-$1"; }
ca_address() { if is_multihost; then echo "ca.$(any_org_domain "$1")"; else echo 127.0.0.1; fi; }
ca_url() { echo "https://$(ca_address "$1"):$(ca_field "$1" 1)"; }
ca_home() { echo "${RUN_DIR}/fabric-ca/$1"; }
ca_server_dir() { echo "$(ca_home "$1")/server"; }
ca_client_home() { echo "$(ca_home "$1")/client"; }
# The CA's certificate: the org's root of trust, and the TLS root of the CA's own HTTPS listener.
ca_cert() { echo "$(ca_server_dir "$1")/ca-cert.pem"; }
ca_secret_file() { echo "$(ca_home "$1")/secrets/$2"; }
ca_client_log() { echo "${RUN_DIR}/logs/fabric-ca-client.$1.log"; }

# The orderer org is ORDERER_ORG, the others are ORGS entries: MSP ID, domain and MSP root of either.
any_org_msp_id() { if [[ $1 == "$(orderer_org_field 0)" ]]; then orderer_org_field 1; else org_field "$1" 1; fi; }
any_org_domain() { if [[ $1 == "$(orderer_org_field 0)" ]]; then orderer_org_field 2; else org_field "$1" 2; fi; }
orderer_org_field() {
  local fields
  read -r -a fields <<<"${ORDERER_ORG}"
  echo "${fields[$1]}"
}
any_org_root() {
  if [[ $1 == "$(orderer_org_field 0)" ]]; then orderer_org_dir; else org_dir "$(org_field "$1" 2)"; fi
}

# --- CA servers ------------------------------------------------------------------------------------

new_secret() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# write_secret FILE SECRET — 0600 whatever the umask.
write_secret() {
  (
    umask 077
    mkdir -p "$(dirname "$1")"
    printf '%s\n' "$2" >"$1"
  )
}

# The CA's config from network/ca/fabric-ca-server-config.yaml, once: its bootstrap secret is new.
init_ca_home() {
  local org=$1 dir secret
  dir=$(ca_server_dir "$org")
  [[ -f "$dir/fabric-ca-server-config.yaml" ]] && return 0
  secret=$(new_secret)
  write_secret "$(ca_secret_file "$org" "${CA_BOOTSTRAP_ID}")" "$secret"
  (
    umask 077
    mkdir -p "$dir"
    sed -e "s|@CA_NAME@|$(ca_name "$org")|" -e "s|@ORG_DOMAIN@|$(any_org_domain "$org")|g" \
      -e "s|@BOOTSTRAP_ID@|${CA_BOOTSTRAP_ID}|" -e "s|@BOOTSTRAP_SECRET@|${secret}|" \
      -e "s|@CA_HOST@|ca.$(any_org_domain "$org")|" \
      "${NETWORK_DIR}/ca/fabric-ca-server-config.yaml" >"$dir/fabric-ca-server-config.yaml"
  )
}

ca_answers() { on_host "$(ca_host "$1")" curl -sf --cacert "$(ca_cert "$1")" "$(ca_url "$1")/cainfo" >/dev/null; }

# A CA is up when its cainfo answers over TLS (its certificate exists only once it has started).
wait_for_ca() {
  local org=$1 name deadline=$(($(date +%s) + WAIT_SECONDS))
  name=$(ca_name "$org")
  until [[ -f "$(ca_cert "$org")" ]] && ca_answers "$org"; do
    is_running "$name" || die "$name exited during start-up; see $(log_file "$name")"
    (($(date +%s) < deadline)) || die "$name did not answer at $(ca_url "$org") within ${WAIT_SECONDS}s; see $(log_file "$name")"
    sleep 0.2
  done
}

start_cas() {
  local org
  for org in $(ca_orgs); do
    init_ca_home "$org"
    start_daemon "$(ca_name "$org")" --on "$(ca_host "$org")" env \
      FABRIC_CA_SERVER_ADDRESS="$(listen_address "$(ca_host "$org")")" \
      FABRIC_CA_SERVER_PORT="$(ca_field "$org" 1)" \
      FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS="$(listen_address "$(ca_host "$org")"):$(ca_field "$org" 2)" \
      fabric-ca-server start -H "$(ca_server_dir "$org")"
  done
  for org in $(ca_orgs); do
    wait_for_ca "$org"
  done
  ok "CAs up: $(ca_orgs)"
}

# --- fabric-ca-client ------------------------------------------------------------------------------

# ca_client ORG ARGS... — fabric-ca-client against ORG's CA as its bootstrap admin (unless ARGS say
# otherwise), its chatter in logs/fabric-ca-client.ORG.log. Credentials for enroll go in
# FABRIC_CA_CLIENT_URL (set by the caller), never on the command line.
ca_client() {
  local org=$1
  shift
  FABRIC_CA_CLIENT_HOME="$(ca_client_home "$org")" FABRIC_CA_CLIENT_URL="${FABRIC_CA_CLIENT_URL:-$(ca_url "$org")}" \
    on_host "$(ca_host "$org")" fabric-ca-client "$@" --caname "$(ca_name "$org")" --tls.certfiles "$(ca_cert "$org")" \
    >>"$(ca_client_log "$org")" 2>&1
}

# ca_enroll ORG ID MSPDIR [ARGS...] — enrolls ID with its recorded secret into MSPDIR, unless done.
ca_enroll() {
  local org=$1 id=$2 msp=$3 secret
  shift 3
  [[ -f "$msp/signcerts/cert.pem" ]] && return 0
  secret=$(cat "$(ca_secret_file "$org" "$id")") || die "no enrollment secret for ${id} at ${org}'s CA"
  FABRIC_CA_CLIENT_URL="https://${id}:${secret}@$(ca_address "$org"):$(ca_field "$org" 1)" \
    ca_client "$org" enroll -M "$msp" --csr.names "C=US,ST=California,L=San Francisco,O=$(any_org_domain "$org")" "$@" ||
    die "enrolling ${id} at $(ca_name "$org") failed; see $(ca_client_log "$org")"
}

# ca_register ORG ID TYPE [ATTRS] — registers ID once; its secret is kept in secrets/ID (0600).
ca_register() {
  local org=$1 id=$2 type=$3 attrs=${4:-} secret args
  [[ -f "$(ca_secret_file "$org" "$id")" ]] && return 0
  secret=$(new_secret)
  args=(register --id.name "$id" --id.secret "$secret" --id.type "$type")
  if [[ -n "$attrs" ]]; then args+=(--id.attrs "$attrs"); fi
  ca_client "$org" "${args[@]}" || die "registering ${id} at $(ca_name "$org") failed; see $(ca_client_log "$org")"
  write_secret "$(ca_secret_file "$org" "$id")" "$secret"
}

# ca_enroll_tls ORG ID DIR HOSTS CERT_NAME KEY_NAME — a TLS certificate (tls profile) for HOSTS (comma-
# separated), copied to the fixed names the nodes' config reads (ca.crt, server.crt/server.key or client.*).
ca_enroll_tls() {
  local org=$1 id=$2 dir=$3 hosts=$4 cert=$5 key=$6
  [[ -f "$dir/$cert" ]] && return 0
  ca_enroll "$org" "$id" "$dir" --enrollment.profile tls --csr.hosts "$hosts"
  cp "$dir"/tlscacerts/* "$dir/ca.crt"
  cp "$dir"/signcerts/* "$dir/$cert"
  cp "$dir"/keystore/* "$dir/$key"
}

# NodeOUs: the OU a Fabric CA puts in a certificate is the identity's type. No `Certificate:` lines: the
# OUs hold for the MSP's CA whatever its file is named (fabric-ca-client names it after host and port).
write_node_ous() {
  cat >"$1/config.yaml" <<'YAML'
NodeOUs:
  Enable: true
  ClientOUIdentifier:
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    OrganizationalUnitIdentifier: orderer
YAML
}

# The org's MSP folder (what configtx.yaml puts in the channel) and its ca/ and tlsca/ copies for clients:
# the CA's certificate as root CA and TLS root CA, NodeOUs on. It needs no enrollment, only the CA's
# certificate, so the channel's genesis block can be made as soon as the CAs are up.
build_org_msp() {
  local org=$1 root domain
  root=$(any_org_root "$org")
  domain=$(any_org_domain "$org")
  mkdir -p "$root/msp/cacerts" "$root/msp/tlscacerts" "$root/ca" "$root/tlsca"
  cp "$(ca_cert "$org")" "$root/msp/cacerts/ca.${domain}-cert.pem"
  cp "$(ca_cert "$org")" "$root/msp/tlscacerts/tlsca.${domain}-cert.pem"
  cp "$(ca_cert "$org")" "$root/ca/ca.${domain}-cert.pem"
  cp "$(ca_cert "$org")" "$root/tlsca/tlsca.${domain}-cert.pem"
  write_node_ous "$root/msp"
}

# ca_local_msp ORG ID TYPE MSPDIR [ATTRS] — register, enroll, NodeOUs config in the local MSP.
ca_local_msp() {
  local org=$1 id=$2 type=$3 msp=$4 attrs=${5:-}
  ca_register "$org" "$id" "$type" "$attrs"
  ca_enroll "$org" "$id" "$msp"
  cp "$(any_org_root "$org")/msp/config.yaml" "$msp/config.yaml"
}

build_org_msps() {
  local org
  for org in $(ca_orgs); do
    build_org_msp "$org"
  done
}

# What the orderers and peers need to start: the bootstrap admin, then the nodes and the org admin at once
# (each only talks to the CA). Once per org (a marker records it); each step is skipped when its result exists.
enroll_org_nodes() {
  local org=$1 entry fields names=()
  [[ -f "$(nodes_marker "$org")" ]] && return 0
  ca_enroll "$org" "${CA_BOOTSTRAP_ID}" "$(ca_client_home "$org")/msp"
  if [[ $org == "$(orderer_org_field 0)" ]]; then
    for entry in "${ORDERERS[@]}"; do
      read -r -a fields <<<"$entry"
      names+=("${fields[0]}")
    done
    run_each enroll_orderer "${names[@]}" admin
  else
    run_each "enroll_peer ${org}" peer0 admin
  fi
  touch "$(nodes_marker "$org")"
}

# enroll_orderer NAME | admin — an orderer's MSP and TLS certificate, or the orderer org's admin (MSP and
# the TLS client certificate osnadmin authenticates with).
enroll_orderer() {
  local org root domain
  org=$(orderer_org_field 0) root=$(orderer_org_dir) domain=$(orderer_org_field 2)
  if [[ $1 == admin ]]; then
    ca_local_msp "$org" admin admin "$root/users/Admin@${domain}/msp"
    ca_enroll_tls "$org" admin "$root/users/Admin@${domain}/tls" localhost client.crt client.key
  else
    ca_local_msp "$org" "$1" orderer "$(orderer_dir "$1")/msp"
    ca_enroll_tls "$org" "$1" "$(orderer_dir "$1")/tls" "$1.${domain},localhost,127.0.0.1" server.crt server.key
  fi
}

# enroll_peer ORG peer0 | admin — the peer's MSP and TLS certificate, or the org admin's MSP.
enroll_peer() {
  local org=$1 domain
  domain=$(org_field "$org" 2)
  if [[ $2 == admin ]]; then
    ca_local_msp "$org" admin admin "$(admin_msp "$domain")"
  else
    ca_local_msp "$org" "$2" peer "$(peer_dir "$domain")/msp"
    ca_enroll_tls "$org" "$2" "$(peer_dir "$domain")/tls" "$2.${domain},localhost,127.0.0.1" server.crt server.key
  fi
}

# The org's registrar (for the REST gateway: it may register clients with a `role` and revoke them) and
# its users with their roles as the certificate attribute `role`.
enroll_org_users() {
  local org=$1 domain
  domain=$(org_field "$org" 2)
  ca_local_msp "$org" "${CA_REGISTRAR_ID}" client "$(user_dir "$domain" "${CA_REGISTRAR_ID}")/msp" \
    'hf.Registrar.Roles=client,hf.Registrar.Attributes=role,hf.Revoker=true,hf.GenCRL=true'
  local -n users="USERS_${org}"
  run_each "enroll_user ${org}" "${users[@]}"
  unset -n users
  if is_multihost; then enroll_gateway_tls "$org"; fi
}

# The TLS certificate the org's REST gateway serves HTTPS with, for its host name gateway.<domain>.
enroll_gateway_tls() {
  local org=$1 domain
  domain=$(org_field "$org" 2)
  ca_register "$org" gateway client
  ca_enroll_tls "$org" gateway "$(org_dir "$domain")/gateway/tls" "gateway.${domain},localhost" server.crt server.key
}

# enroll_user ORG ID=ROLES
enroll_user() {
  local org=$1 id=${2%%=*} roles=${2#*=}
  ca_local_msp "$org" "$id" client "$(user_dir "$(org_field "$org" 2)" "$id")/msp" "\"role=${roles}:ecert\""
}

# run_each COMMAND ARG... — `COMMAND ARG` for every ARG at once (COMMAND may carry leading arguments),
# then waits for all; fails naming the first ARG that failed. Each job writes only its own files.
run_each() {
  local job pids=() i failed=""
  read -r -a job <<<"$1"
  shift
  local args=("$@")
  for i in "${!args[@]}"; do
    "${job[@]}" "${args[$i]}" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || failed="${failed:-${args[$i]}}"
  done
  [[ -z "$failed" ]] || die "${job[*]} ${failed} failed; see ${RUN_DIR}/logs/fabric-ca-client.*.log"
}

nodes_marker() { echo "$(crypto_dir)/.nodes-enrolled.$1"; }
users_complete_marker() { echo "$(crypto_dir)/.users-enrolled"; }

# enroll_nodes ORG... — node and admin material of these orgs, enrolled at once.
enroll_nodes() {
  run_each enroll_org_nodes "$@"
  ok "nodes and admins enrolled from their CAs: $*"
}

enroll_users() {
  if [[ -f "$(users_complete_marker)" ]]; then
    return 0
  fi
  # shellcheck disable=SC2046
  run_each enroll_org_users $(org_names)
  touch "$(users_complete_marker)"
  ok "registrars and users enrolled with their roles: $(org_names)"
}

# --- status ----------------------------------------------------------------------------------------

ca_status() {
  local org info
  for org in $(ca_orgs); do
    if [[ -f "$(ca_cert "$org")" ]] && info=$(on_host "$(ca_host "$org")" curl -sf --cacert "$(ca_cert "$org")" "$(ca_url "$org")/cainfo"); then
      info "CA $(ca_name "$org") at $(ca_url "$org"): Fabric CA $(jq -r .result.Version <<<"$info"), TLS root $(ca_cert "$org")"
    else
      warn "CA $(ca_name "$org") at $(ca_url "$org") does not answer"
    fi
  done
}
