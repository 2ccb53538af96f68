# shellcheck shell=bash
# The consortium's chaincode upgrade, step by step (docs/operations.md, "Upgrading the chaincode"): build,
# package and install the new version, start its chaincode server beside the running one, each
# organisation approves, commit, wait until every peer runs it, retire the old servers. Every step checks
# what is done already and skips it, so a stopped upgrade resumes by running the same command again.

UPGRADE_STEPS=7
UPGRADE_STEP=0
UPGRADE_COMMAND=""

upgrade_step() {
  UPGRADE_STEP=$((UPGRADE_STEP + 1))
  info "step ${UPGRADE_STEP}/${UPGRADE_STEPS}: $*"
}

# On any failure: where the upgrade stopped and how to resume it.
upgrade_stopped() {
  local status=$?
  ((status == 0)) && return 0
  warn "upgrade stopped at step ${UPGRADE_STEP}/${UPGRADE_STEPS}; nothing after it was done."
  warn "fix the cause above, then resume with the same command (steps already done are skipped):"
  warn "  ${UPGRADE_COMMAND}"
}

# build_chaincode_module — compiles the module when it is a TypeScript workspace (incremental: fast when
# up to date); a plain JavaScript module is used as it is. The module must then load.
build_chaincode_module() {
  if [[ -f "${CHAINCODE_MODULE}/tsconfig.json" ]]; then
    (cd "${REPO_ROOT}" && npx tsc --build "${CHAINCODE_MODULE}") >"${RUN_DIR}/logs/build.log" 2>&1 ||
      die "building ${CHAINCODE_MODULE} failed; see ${RUN_DIR}/logs/build.log"
  fi
  node -e 'require(process.argv[1])' "${CHAINCODE_MODULE}" >"${RUN_DIR}/logs/build.log" 2>&1 ||
    die "the chaincode module ${CHAINCODE_MODULE} does not load; see ${RUN_DIR}/logs/build.log"
  ok "chaincode module ${CHAINCODE_MODULE} builds and loads"
}

# peer_runs SEQUENCE ORG — whether ORG's peer (its admin selected by use_org_admin) has SEQUENCE committed and
# the chaincode answers.
peer_runs() {
  local sequence=$1 org=$2
  [[ "$(on_host "$org" peer lifecycle chaincode querycommitted -C "${CHANNEL_NAME}" -n "${CHAINCODE_NAME}" --output json 2>/dev/null |
    jq -r '.sequence')" == "$sequence" ]] && chaincode_answers "$org" >/dev/null 2>&1
}

# retire_servers_before SEQUENCE — stops every chaincode server of an earlier definition: once each peer
# runs the definition at SEQUENCE, no peer connects to them again.
retire_servers_before() {
  local sequence=$1 file name n retired=0
  shopt -s nullglob
  for file in "${RUN_DIR}"/pids/"${CHAINCODE_NAME}"-cc-*.pid; do
    name=$(basename "$file" .pid)
    n=${name##*-}
    n=${n%%.*} # multihost: <name>-cc-<sequence>.<org>
    if ((n < sequence)); then
      stop_daemon "$name"
      ok "retired chaincode server ${name}"
      retired=$((retired + 1))
    fi
  done
  shopt -u nullglob
  ((retired > 0)) || ok "no earlier chaincode server is running"
}

# upgrade_chaincode VERSION — the whole procedure; resumable.
upgrade_chaincode() {
  local version=$1 committed committed_version committed_sequence sequence package_id org
  # Everything the run's layout depends on, so that the printed command resumes this network.
  UPGRADE_COMMAND="NETWORK_LAYOUT=${NETWORK_LAYOUT:-} PORT_OFFSET=${PORT_OFFSET} RUN_DIR=${RUN_DIR}"
  UPGRADE_COMMAND+=" CHAINCODE_MODULE=${CHAINCODE_MODULE} $0 upgrade --version ${version}"
  trap upgrade_stopped EXIT
  committed=$(committed_definition)
  [[ -n "$committed" ]] || die "${CHAINCODE_NAME} is not deployed yet: run deploy"
  committed_version=${committed% *}
  committed_sequence=${committed#* }
  if [[ "$committed_version" == "$version" ]]; then
    # Committed by an earlier run that stopped later: finish its last steps.
    sequence=$committed_sequence
    info "${CHAINCODE_NAME} ${version} is committed at sequence ${sequence}; finishing the upgrade"
  else
    sequence=$((committed_sequence + 1))
    info "upgrading ${CHAINCODE_NAME} ${committed_version} (sequence ${committed_sequence}) to ${version} (sequence ${sequence})"
  fi

  upgrade_step "build the chaincode module"
  build_chaincode_module
  upgrade_step "package ${CHAINCODE_NAME}_${version} and install it on every peer"
  package_id=$(package_and_install "$version" "$sequence")
  upgrade_step "start its chaincode server beside the running one"
  start_chaincode_servers "$sequence" "$package_id"
  upgrade_step "each organisation approves ${version}, sequence ${sequence}"
  for org in $(org_names); do approve_for_org "$org" "$version" "$sequence" "$package_id"; done
  upgrade_step "commit the definition (it takes effect at one block on every peer)"
  commit_definition "$version" "$sequence"
  record_chaincode_state "$version" "$sequence" "$package_id"
  upgrade_step "wait until every peer runs sequence ${sequence}"
  for org in $(org_names); do
    use_org_admin "$org"
    retry "${WAIT_SECONDS}" "peer0.${org} to run ${CHAINCODE_NAME} sequence ${sequence}" peer_runs "$sequence" "$org"
    ok "peer0.${org} runs ${CHAINCODE_NAME} ${version}, sequence ${sequence}"
  done
  upgrade_step "retire the chaincode servers no peer uses any more"
  retire_servers_before "$sequence"
  trap - EXIT
  ok "upgraded ${CHAINCODE_NAME} to ${version} (sequence ${sequence})"
}

# migrate_records TYPE PAGE_SIZE BOOKMARK — rewrites the records of TYPE stored in an older schema version,
# a page per transaction (schema:ListStaleRecords, then schema:MigrateRecords with their keys), as the
# first org's admin. Each page prints the bookmark to resume from after a stop. A bookmark is a composite
# key, which holds NUL characters that a shell variable cannot: it is kept as a JSON string ('""' starts).
migrate_records() {
  local type=$1 page_size=$2 bookmark=$3 page keys result pages=0 upgraded=0 input
  jq -e 'type == "string"' <<<"$bookmark" >/dev/null 2>&1 ||
    die "--bookmark takes the JSON string a page printed (\"\" for the start), not ${bookmark}"
  use_org_admin "$(first_org)"
  while :; do
    input=$(jq -nc --arg t "$type" --argjson n "$page_size" --argjson b "$bookmark" \
      '{recordType: $t, pageSize: $n, bookmark: $b}')
    page=$(on_host "$(first_org)" peer chaincode query -C "${CHANNEL_NAME}" -n "${CHAINCODE_NAME}" \
      -c "$(jq -nc --arg i "$input" '{Args: ["schema:ListStaleRecords", $i]}')" 2>"${RUN_DIR}/logs/migrate.log") ||
      die "listing stale ${type} records failed; see ${RUN_DIR}/logs/migrate.log"
    keys=$(jq -c '[.items[].key]' <<<"$page")
    if [[ "$keys" != "[]" ]]; then
      input=$(jq -nc --arg t "$type" --argjson k "$keys" '{recordType: $t, keys: $k}')
      # shellcheck disable=SC2046 # orderer_args and all_peer_args are lists of words on purpose
      result=$(on_host "$(first_org)" peer chaincode invoke -C "${CHANNEL_NAME}" -n "${CHAINCODE_NAME}" $(orderer_args) $(all_peer_args) \
        --waitForEvent -c "$(jq -nc --arg i "$input" '{Args: ["schema:MigrateRecords", $i]}')" 2>&1) ||
        die "migrating a page of ${type} failed (resume with --bookmark '${bookmark}'): ${result}"
      pages=$((pages + 1))
      upgraded=$((upgraded + $(jq length <<<"$keys")))
    fi
    bookmark=$(jq -c '.bookmark' <<<"$page")
    info "${type}: $(jq -r '.scanned' <<<"$page") scanned, $(jq length <<<"$keys") migrated; next --bookmark '${bookmark}'"
    [[ "$bookmark" != '""' ]] || break
  done
  # A listed record that another transaction rewrote meanwhile is current already: counted here too.
  ok "${type}: ${upgraded} record(s) migrated in ${pages} transaction(s) (with any another transaction rewrote meanwhile); every ${type} is in schema version $(jq -r '.schemaVersion' <<<"$page")"
}
