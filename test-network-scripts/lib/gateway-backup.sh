# shellcheck shell=bash
# Backup and restore of an org's REST gateway data directory (multihost layout: gateways/<org>/) — its
# API keys, idempotency records, evidence originals, offline-signing state and connection file. The
# gateway is stopped for the copy, so the archive is consistent, and started again.

# backup_gateway ORG FILE
backup_gateway() {
  local org=$1 file=$2 dir
  dir=$(org_gateway_dir "$org")
  [[ -d "$dir" ]] || die "no gateway data directory for ${org} (${dir})"
  stop_gateways "$org"
  tar -C "$dir" -czpf "$file" . || die "archiving ${dir} failed"
  start_gateways "$org"
  ok "backed up ${org}'s gateway data directory to ${file} ($(du -h "$file" | cut -f1))"
}

# restore_gateway ORG FILE — replaces the data directory with the archive's content.
restore_gateway() {
  local org=$1 file=$2 dir
  dir=$(org_gateway_dir "$org")
  [[ -f "$file" ]] || die "no backup file ${file}"
  stop_gateways "$org"
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -C "$dir" -xzpf "$file" || die "restoring ${file} into ${dir} failed"
  start_gateways "$org"
  ok "restored ${org}'s gateway data directory from ${file}"
}
