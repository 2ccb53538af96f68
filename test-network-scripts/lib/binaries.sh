# shellcheck shell=bash
# Finds the Fabric binaries: $FABRIC_BIN first, then PATH.
FABRIC_TOOLS=(peer orderer configtxgen cryptogen osnadmin)

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
}
