/**
 * The demo key file the gateway writes on first start (`gateway/demo-api-keys.txt`): one
 * `<MSP:user> <key>` per line. Local development only; production keys are issued to their owners.
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
