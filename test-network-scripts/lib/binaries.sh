# shellcheck shell=bash
# Finds the Fabric binaries ($FABRIC_BIN first, then PATH) and Fabric CA's ($FABRIC_CA_BIN, the Fabric
# folder, then PATH: Fabric CA is released separately).
FABRIC_TOOLS=(peer orderer configtxgen configtxlator osnadmin)
FABRIC_CA_TOOLS=(fabric-ca-server fabric-ca-client)

fabric_bin_dir() {
  if [[ -n "${FABRIC_BIN:-}" && -x "${FABRIC_BIN}/peer" ]]; then
    echo "${FABRIC_BIN}"
  elif command -v peer >/dev/null 2>&1; then
    dirname "$(command -v peer)"
  fi
}

require_fabric_binaries() {
  local dir
  dir=$(fabric_bin_dir)
  if [[ -z "$dir" ]]; then
    die "Fabric binaries not found. Set FABRIC_BIN to a folder with ${FABRIC_TOOLS[*]} (Fabric 2.5),
    or put them on PATH. Official releases: https://github.com/hyperledger/fabric/releases
    (fabric_2.5.x_linux-amd64.tar.gz, its bin/ folder)."
  fi
  local tool
  for tool in "${FABRIC_TOOLS[@]}"; do
    [[ -x "$dir/$tool" ]] || die "$dir has no $tool (need ${FABRIC_TOOLS[*]})"
  done
  export PATH="$dir:$PATH"
  require_fabric_ca_binaries "$dir"
}

require_fabric_ca_binaries() {
  local fabric_dir=$1 dir="" candidate tool
  for candidate in "${FABRIC_CA_BIN:-}" "$fabric_dir" "$(dirname "$(command -v fabric-ca-server 2>/dev/null || echo .)")"; do
    if [[ -n "$candidate" && -x "$candidate/fabric-ca-server" ]]; then
      dir=$candidate
      break
    fi
  done
  if [[ -z "$dir" ]]; then
    die "Fabric CA binaries not found. Set FABRIC_CA_BIN to a folder with ${FABRIC_CA_TOOLS[*]} (Fabric CA 1.5),
    or put them on PATH. Official releases: https://github.com/hyperledger/fabric-ca/releases
    (hyperledger-fabric-ca-linux-amd64-1.5.x.tar.gz, its bin/ folder)."
  fi
  for tool in "${FABRIC_CA_TOOLS[@]}"; do
    [[ -x "$dir/$tool" ]] || die "$dir has no $tool (need ${FABRIC_CA_TOOLS[*]})"
  done
  export PATH="$dir:$PATH"
}
