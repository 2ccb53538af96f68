/**
 * The key files the gateway writes when it issues keys at start — `gateway/demo-api-keys.txt` (demo mode,
 * every identity) and `gateway/bootstrap-api-keys.txt` (otherwise, the organisation admins): one
 * `<MSP:user> <key>` per line.
 */
export function parseDemoKeyFile(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [identity, key] = line.trim().split(/\s+/);
    if (identity && key) keys.set(identity, key);
  }
  return keys;
}

export function renderDemoKeyFile(keys: readonly { identity: string; key: string }[]): string {
  return keys.map((k) => `${k.identity.padEnd(24)} ${k.key}`).join('\n') + '\n';
}
