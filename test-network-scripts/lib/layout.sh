# shellcheck shell=bash
# Where each node runs and by which name the others reach it (NETWORK_LAYOUT in network.config):
#
#   local      every process on 127.0.0.1 of this machine (ports from network.config + PORT_OFFSET);
#   multihost  each peer org (its CA, peer, chaincode server and REST gateway), each orderer, the orderer
#              org's CA and the test clients on a host of their own: a Linux network namespace with one
#              address on a private bridge, its host names in /etc/netns/<namespace>/hosts, TLS
#              certificates issued for those names. Nothing crosses between hosts through 127.0.0.1.
#
# Hosts are named by role: orderer1..3, ordererca (the orderer org's CA), each org's short name
# (ecommerce, …) and `client` (where tests and an operator's tools run). Every command that talks to a
# node runs on a host (`on_host HOST COMMAND...`): the org's admin acts from the org's own host.

is_multihost() { [[ ${NETWORK_LAYOUT} == multihost ]]; }

# The hosts of the layout, in address order (the bridge is .1, hosts from .11).
layout_hosts() {
  local entry fields names=()
  for entry in "${ORDERERS[@]}"; do
    read -r -a fields <<<"$entry"
    names+=("${fields[0]}")
  done
  echo "${names[*]} ordererca $(org_names) client"
}

host_namespace() { echo "${MULTIHOST_PREFIX}-$1"; }

host_address() {
  local name i=11
  for name in $(layout_hosts); do
    if [[ $name == "$1" ]]; then
      echo "${MULTIHOST_SUBNET}.${i}"
      return 0
    fi
    i=$((i + 1))
  done
  die "no host '$1' in the layout (hosts: $(layout_hosts))"
}

# The DNS names a host answers to (the first is its own name). An org host carries its peers, CA and
# gateway; the orderer org's CA host is ca.<orderer domain>.
host_names() {
  local host=$1 domain
  case $host in
    client) echo "client.$(orderer_org_field 2)" ;;
    ordererca) echo "ca.$(orderer_org_field 2)" ;;
    *)
      if [[ " $(org_names) " == *" $host "* ]]; then
        domain=$(org_field "$host" 2)
        echo "peer0.${domain} peer1.${domain} ca.${domain} gateway.${domain}"
      else
        echo "${host}.$(orderer_org_field 2)"
      fi
      ;;
  esac
}

# The name clients dial to reach a node on HOST: 127.0.0.1 in the local layout. For an org host, KIND
# says which of its services (peer — peer0 —, peer1, ca, gateway).
node_address() {
  local host=$1 kind=${2:-}
  if ! is_multihost; then
    echo 127.0.0.1
    return 0
  fi
  case $host in
    client | ordererca) host_names "$host" | cut -d' ' -f1 ;;
    *)
      if [[ " $(org_names) " == *" $host "* ]]; then
        case ${kind} in
          peer) echo "peer0.$(org_field "$host" 2)" ;;
          peer[0-9] | ca | gateway) echo "${kind}.$(org_field "$host" 2)" ;;
          *) die "node_address ${host} needs peer, ca or gateway" ;;
        esac
      else
        host_names "$host"
      fi
      ;;
  esac
}

# The address a daemon on HOST listens on: 127.0.0.1 locally, its own address on the bridge otherwise.
listen_address() { if is_multihost; then host_address "$1"; else echo 127.0.0.1; fi; }

# The chaincode-as-a-service package names one address for every org; each org's host resolves it to
# its own chaincode server (the alias is in that host's hosts file only).
CHAINCODE_HOST_ALIAS=alliance-chaincode
chaincode_address() { if is_multihost; then echo "${CHAINCODE_HOST_ALIAS}"; else echo 127.0.0.1; fi; }

# The host a CA runs on: the org's, or the orderer org's own CA host.
ca_host() { if [[ $1 == "$(orderer_org_field 0)" ]]; then echo ordererca; else echo "$1"; fi; }

# on_host HOST COMMAND... — runs COMMAND (a program, not a shell function) in HOST's network namespace.
on_host() {
  local host=$1
  shift
  if is_multihost; then
    ip netns exec "$(host_namespace "$host")" "$@"
  else
    "$@"
  fi
}

# --- the private network ------------------------------------------------------------------------

namespaces_available() {
  [[ $(id -u) -eq 0 ]] && command -v ip >/dev/null 2>&1 && ip netns list >/dev/null 2>&1
}

layout_marker() { echo "${RUN_DIR}/.multihost-network"; }

write_hosts_file() {
  local host=$1 file name
  file="/etc/netns/$(host_namespace "$host")/hosts"
  mkdir -p "$(dirname "$file")"
  {
    printf '127.0.0.1\tlocalhost\n'
    for name in $(layout_hosts); do
      printf '%s\t%s\n' "$(host_address "$name")" "$(host_names "$name")"
    done
    if [[ " $(org_names) " == *" $host "* ]]; then
      printf '%s\t%s\n' "$(host_address "$host")" "${CHAINCODE_HOST_ALIAS}"
    fi
  } >"$file"
}

# One namespace per host, each joined to the bridge by a veth pair (eth0 inside). Idempotent: hosts that
# exist are left as they are.
create_multihost_network() {
  namespaces_available || die "the multihost layout needs root and Linux network namespaces (ip netns)"
  mkdir -p "${RUN_DIR}"
  touch "$(layout_marker)"
  if ! ip link show "${MULTIHOST_BRIDGE}" >/dev/null 2>&1; then
    ip link add "${MULTIHOST_BRIDGE}" type bridge
    ip link set "${MULTIHOST_BRIDGE}" up
  fi
  local host ns veth i=0
  for host in $(layout_hosts); do
    ns=$(host_namespace "$host") veth="${MULTIHOST_PREFIX}v${i}"
    i=$((i + 1))
    write_hosts_file "$host"
    [[ -e "/var/run/netns/${ns}" ]] && continue
    ip netns add "$ns"
    ip link add "$veth" type veth peer name "${veth}p"
    ip link set "$veth" master "${MULTIHOST_BRIDGE}" up
    ip link set "${veth}p" netns "$ns"
    ip -n "$ns" link set "${veth}p" name eth0
    ip -n "$ns" addr add "$(host_address "$host")/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
  done
  ok "multihost network: bridge ${MULTIHOST_BRIDGE} ${MULTIHOST_SUBNET}.0/24, hosts $(layout_hosts)"
}

# Removes every namespace, hosts file and the bridge this layout made (also half-made ones).
remove_multihost_network() {
  local host ns
  for host in $(layout_hosts); do
    ns=$(host_namespace "$host")
    if [[ -e "/var/run/netns/${ns}" ]]; then ip netns delete "$ns" 2>/dev/null || true; fi
    rm -rf "/etc/netns/${ns}"
  done
  if ip link show "${MULTIHOST_BRIDGE}" >/dev/null 2>&1; then ip link delete "${MULTIHOST_BRIDGE}" 2>/dev/null || true; fi
  rmdir --ignore-fail-on-non-empty /etc/netns 2>/dev/null || true
  rm -f "$(layout_marker)"
}

# --- faults (the multihost fault test) -------------------------------------------------------------

# link HOST up|down — HOST's only network link: down cuts it off from every other host.
set_host_link() {
  local host=$1 state=$2
  ip -n "$(host_namespace "$host")" link set eth0 "$state"
}

# isolate HOST FROM... / rejoin HOST FROM... — drops traffic both ways between HOST and each FROM host
# (blackhole routes on both sides), leaving HOST's other links alone.
isolate_hosts() {
  local host=$1 other
  shift
  for other in "$@"; do
    ip -n "$(host_namespace "$host")" route replace blackhole "$(host_address "$other")/32"
    ip -n "$(host_namespace "$other")" route replace blackhole "$(host_address "$host")/32"
  done
}

rejoin_hosts() {
  local host=$1 other
  shift
  for other in "$@"; do
    ip -n "$(host_namespace "$host")" route del blackhole "$(host_address "$other")/32" 2>/dev/null || true
    ip -n "$(host_namespace "$other")" route del blackhole "$(host_address "$host")/32" 2>/dev/null || true
  done
}
