import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where test-fabric.sh put the network; these tests only run under it. */
export function fabricRunDir(): string {
  const dir = process.env.FABRIC_RUN_DIR;
  if (!dir) throw new Error('FABRIC_RUN_DIR is not set: run these tests through test-network-scripts/test-fabric.sh');
  return dir;
}

export function gatewayUrl(): string {
  const url = process.env.SCENARIO_GATEWAY_URL;
  if (!url) throw new Error('SCENARIO_GATEWAY_URL is not set: run through test-fabric.sh');
  return url;
}

/** Runs network.sh with arguments and extra environment; resolves its output. */
export async function networkSh(args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const scripts = process.env.FABRIC_SCRIPTS_DIR ?? path.resolve(__dirname, '../../../test-network-scripts');
  const { stdout } = await run(path.join(scripts, 'network.sh'), [...args], {
    env: { ...process.env, ...env },
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}

/** The PID network.sh recorded for a daemon (orderer1, peer0.energy, gateway, …). */
export async function daemonPid(name: string): Promise<number> {
  return Number((await readFile(path.join(fabricRunDir(), 'pids', `${name}.pid`), 'utf8')).trim());
}

/**
 * The orderer currently leading Raft, from the orderers' own logs (the only place that shows it): the
 * latest change to a leader among the logs of `orderers` (a change to 0 — a node that lost its leader —
 * names none, so it is passed over).
 */
export async function raftLeader(
  channel = 'alliance',
  orderers: readonly string[] = ['orderer1', 'orderer2', 'orderer3'],
): Promise<string> {
  let latest = { at: '', leader: 0 };
  for (const name of orderers) {
    const log = await readFile(path.join(fabricRunDir(), 'logs', `${name}.log`), 'utf8').catch(() => '');
    // Lines end e.g. "Raft leader changed: 1 -> 3 channel=alliance node=2"; the timestamp leads the line.
    for (const m of log.matchAll(
      /(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+).*Raft leader changed: \d+ -> (\d+) channel=(\S+)/g,
    )) {
      if (m[3] === channel && Number(m[2]) !== 0 && m[1]! > latest.at) latest = { at: m[1]!, leader: Number(m[2]) };
    }
  }
  if (latest.leader === 0) throw new Error('no Raft leader found in the orderer logs');
  return `orderer${latest.leader}`;
}
