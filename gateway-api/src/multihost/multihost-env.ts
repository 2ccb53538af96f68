import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { parseDemoKeyFile } from '../auth/demo-key-file';
import { networkSh } from '../fabric-suite/fabric-env';
import { newRunId, type ScenarioTarget } from '../test/scenario-target';

/** One organisation's REST gateway in the multihost layout (`network.sh gateways`). */
export interface OrgGateway {
  readonly org: string;
  readonly mspId: string;
  /** `https://gateway.<domain>:<port>`, reachable from the `client` host. */
  readonly url: string;
  readonly keysFile: string;
  readonly dataDir: string;
}

/** The gateways test-multihost.sh started, one per org. */
export async function orgGateways(): Promise<OrgGateway[]> {
  return JSON.parse(await networkSh(['gateways'])) as OrgGateway[];
}

/**
 * A scenario target over every org's gateway: an identity's requests go to its own organisation's
 * gateway (the one that holds its key), as in a consortium where each institution runs its own.
 */
export async function openMultihostTarget(gateways: readonly OrgGateway[]): Promise<ScenarioTarget> {
  const keys = new Map<string, string>();
  for (const g of gateways) {
    for (const [identity, key] of parseDemoKeyFile(await readFile(g.keysFile, 'utf8'))) keys.set(identity, key);
  }
  const first = gateways[0];
  if (!first) throw new Error('no gateways');
  const urlOf = (identity: string | undefined): string => {
    if (identity === undefined) return first.url;
    const msp = identity.split(':')[0];
    const g = gateways.find((x) => x.mspId === msp);
    if (!g) throw new Error(`no gateway for ${identity}`);
    return g.url;
  };
  return {
    kind: 'remote',
    http: (identity) => request(urlOf(identity)),
    key: (identity) => {
      const k = keys.get(identity);
      if (!k) throw new Error(`no API key for ${identity}`);
      return k;
    },
    elapse: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
    runId: newRunId(),
    close: () => Promise.resolve(),
  };
}

/** Each running peer's height and current block hash, read by its org's admin on its own host. */
export async function peerHeights(): Promise<{ peer: string; height: number; hash: string }[]> {
  return (await networkSh(['heights']))
    .trim()
    .split('\n')
    .map((line) => {
      const [peer = '', height = '', hash = ''] = line.split(' ');
      return { peer, height: Number(height), hash };
    });
}

/** The network faults between hosts (`network.sh fault …`). */
export const faults = {
  linkDown: (host: string) => networkSh(['fault', 'link', host, 'down']),
  linkUp: (host: string) => networkSh(['fault', 'link', host, 'up']),
  isolate: (host: string, from: readonly string[]) => networkSh(['fault', 'isolate', host, ...from]),
  rejoin: (host: string, from: readonly string[]) => networkSh(['fault', 'rejoin', host, ...from]),
};
