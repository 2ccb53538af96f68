# shellcheck shell=bash
# Progress lines with the elapsed time since the command started.
NETWORK_STARTED_AT=${NETWORK_STARTED_AT:-$(date +%s)}

_elapsed() { printf '%4ss' "$(($(date +%s) - NETWORK_STARTED_AT))"; }
info() { printf '[%s] %s\n' "$(_elapsed)" "$*"; }
ok() { printf '[%s] ✓ %s\n' "$(_elapsed)" "$*"; }
warn() { printf '[%s] ! %s\n' "$(_elapsed)" "$*" >&2; }
die() {
  printf '[%s] ✗ %s\n' "$(_elapsed)" "$*" >&2
  exit 1
}

# retry SECONDS DESCRIPTION COMMAND... — runs COMMAND every second until it succeeds or time is up.
retry() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$(($(date +%s) + seconds))
  until "$@" >/dev/null 2>&1; do
    if (($(date +%s) >= deadline)); then
      die "timed out after ${seconds}s waiting for ${what}"
    fi
    sleep 1
  done
}
