# shellcheck shell=bash
# Native daemons: each runs as its own process, its real PID recorded, its output in $RUN_DIR/logs.

pid_file() { echo "${RUN_DIR}/pids/$1.pid"; }
log_file() { echo "${RUN_DIR}/logs/$1.log"; }

# start_daemon NAME [--on HOST] COMMAND... — environment for the daemon comes from the caller (env VAR=…
# COMMAND); --on runs it on HOST (lib/layout.sh). `ip netns exec` execs the command, so the recorded PID is
# the daemon's own.
start_daemon() {
  local name=$1 on=()
  shift
  if [[ ${1:-} == --on ]]; then
    if is_multihost; then on=(ip netns exec "$(host_namespace "$2")"); fi
    shift 2
  fi
  mkdir -p "${RUN_DIR}/pids" "${RUN_DIR}/logs"
  if is_running "$name"; then
    info "$name already running (pid $(cat "$(pid_file "$name")"))"
    return 0
  fi
  nohup "${on[@]}" "$@" >>"$(log_file "$name")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

# Running = the recorded PID exists and is not a zombie (a killed daemon whose parent has not reaped it).
is_running() {
  local file pid
  file=$(pid_file "$1")
  [[ -f "$file" ]] || return 1
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null && [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" != Z* ]]
}

# stop_daemon NAME [SIGNAL] — TERM, then KILL after 10 s.
stop_daemon() {
  local name=$1 signal=${2:-TERM} file pid
  file=$(pid_file "$name")
  [[ -f "$file" ]] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$signal" "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

# port_open PORT [HOST ADDRESS] — ADDRESS:PORT accepts connections, tried from HOST (default 127.0.0.1 here).
port_open() {
  local port=$1 host=${2:-} address=${3:-127.0.0.1}
  if [[ -n "$host" ]] && is_multihost; then
    # shellcheck disable=SC2016 # expanded by the inner shell
    on_host "$host" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$address" "$port" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/${address}/${port}") 2>/dev/null
  fi
}

# wait_for_port NAME PORT [HOST ADDRESS] — the daemon is up when its port accepts connections (from HOST, at
# ADDRESS, in the multihost layout); it must not have died.
wait_for_port() {
  local name=$1 port=$2 host=${3:-} address=${4:-127.0.0.1} deadline=$(($(date +%s) + WAIT_SECONDS))
  until port_open "$port" "$host" "$address"; do
    is_running "$name" || die "$name exited during start-up; see $(log_file "$name")"
    (($(date +%s) < deadline)) || die "$name did not open port $port within ${WAIT_SECONDS}s; see $(log_file "$name")"
    sleep 0.5
  done
}
