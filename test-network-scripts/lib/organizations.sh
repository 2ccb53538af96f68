# shellcheck shell=bash
# Paths and client environments of the orgs, orderers and peers declared in network.config. The folder
# layout is cryptogen's (the gateway's connection file, configtx.yaml and compose.yaml name these paths);
# the material in it comes from each org's Fabric CA (lib/ca.sh).

crypto_dir() { echo "${RUN_DIR}/organizations"; }
orderer_org_dir() { echo "$(crypto_dir)/ordererOrganizations/example.com"; }
orderer_dir() { echo "$(orderer_org_dir)/orderers/$1.example.com"; }
orderer_tls_ca() { echo "$(orderer_org_dir)/tlsca/tlsca.example.com-cert.pem"; }
org_dir() { echo "$(crypto_dir)/peerOrganizations/$1"; }
# peer_dir DOMAIN [INDEX] — peer0's folder, or peerINDEX's.
peer_dir() { echo "$(org_dir "$1")/peers/peer${2:-0}.$1"; }
peer_tls_ca() { echo "$(org_dir "$1")/tlsca/tlsca.$1-cert.pem"; }
# user_dir DOMAIN NAME — a user's folder: users/Admin@DOMAIN, users/buyer1@DOMAIN, users/registrar@DOMAIN.
user_dir() { echo "$(org_dir "$1")/users/$2@$1"; }
admin_msp() { echo "$(user_dir "$1" Admin)/msp"; }

# org_field ORG_NAME FIELD_INDEX — reads one field of an ORGS entry (0 name, 1 MSP, 2 domain, 3 port, 4 cc port, 5 ops).
org_field() {
  local entry fields
  for entry in "${ORGS[@]}"; do
    read -r -a fields <<<"$entry"
    if [[ "${fields[0]}" == "$1" ]]; then
      echo "${fields[$2]}"
      return 0
    fi
  done
  die "unknown org '$1' (known: $(org_names))"
}

org_names() {
  local entry fields names=()
  for entry in "${ORGS[@]}"; do
    read -r -a fields <<<"$entry"
    names+=("${fields[0]}")
  done
  echo "${names[*]}"
}

# Exports what the peer CLI needs to act as ORG's admin against ORG's peer0 (or peer INDEX); run it on
# ORG's host: on_host ORG peer ….
use_org_admin() {
  local org=$1 index=${2:-0} domain port
  domain=$(org_field "$org" 2)
  port=$(($(org_field "$org" 3) + index * 100))
  export FABRIC_CFG_PATH="${RUN_DIR}/peers/${org}"
  export CORE_PEER_LOCALMSPID
  CORE_PEER_LOCALMSPID=$(org_field "$org" 1)
  export CORE_PEER_MSPCONFIGPATH
  CORE_PEER_MSPCONFIGPATH=$(admin_msp "$domain")
  export CORE_PEER_ADDRESS
  CORE_PEER_ADDRESS="$(node_address "$org" "peer${index}"):${port}"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE
  CORE_PEER_TLS_ROOTCERT_FILE=$(peer_tls_ca "$domain")
}

# --peerAddresses/--tlsRootCertFiles arguments for every peer org (MAJORITY needs two of three).
all_peer_args() {
  local org
  for org in $(org_names); do
    printf -- '--peerAddresses %s:%s --tlsRootCertFiles %s ' "$(node_address "$org" peer)" "$(org_field "$org" 3)" \
      "$(peer_tls_ca "$(org_field "$org" 2)")"
  done
}
