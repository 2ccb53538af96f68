import { setTimeout as sleep } from 'node:timers/promises';
import { daemonPid, networkSh, raftLeader } from '../fabric-suite/fabric-env';
import type { History } from './history';
import { faults } from './multihost-env';

const ORDERERS = ['orderer1', 'orderer2', 'orderer3'];

/** How long each fault lasts, and the quiet time before each (so recovery shows before the next). */
export interface ScheduleTimes {
  readonly partitionMs: number;
  readonly crashMs: number;
  readonly quietMs: number;
}

export const DEFAULT_TIMES: ScheduleTimes = { partitionMs: 10_000, crashMs: 6_000, quietMs: 8_000 };

function log(line: string): void {
  process.stdout.write(`[fault schedule ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/**
 * The nemesis: one fault at a time, each healed before the next, each heal marked in the history (with
 * the gateway whose clients it concerned): an org's host cut off (its link down); the Raft leader cut off
 * from the other orderers (the peers still reach it); a peer killed and restarted; a gateway killed and
 * restarted. Answers the Raft leaders before and after the leader's partition.
 */
export async function runFaultSchedule(
  history: History,
  times: ScheduleTimes = DEFAULT_TIMES,
): Promise<{ leader: string; newLeader: string }> {
  await sleep(times.quietMs);
  log(`cutting the ecommerce host off (link down) for ${times.partitionMs / 1000} s`);
  await faults.linkDown('ecommerce');
  // Each fault counts from when it has taken effect.
  let from = Date.now();
  await sleep(times.partitionMs);
  await faults.linkUp('ecommerce');
  history.healed({ fault: 'ecommerce host link down', from, at: Date.now(), gateway: 'ecommerce' });

  await sleep(times.quietMs);
  const leader = await raftLeader();
  const followers = ORDERERS.filter((o) => o !== leader);
  log(`cutting the Raft leader ${leader} off from ${followers.join(', ')} for ${times.partitionMs / 1000} s`);
  await faults.isolate(leader, followers);
  from = Date.now();
  await sleep(times.partitionMs);
  // The majority side elects a new leader among itself.
  const newLeader = await raftLeader('alliance', followers);
  await faults.rejoin(leader, followers);
  history.healed({ fault: `Raft leader ${leader} cut off from the other orderers`, from, at: Date.now() });

  await sleep(times.quietMs);
  log(`killing peer0.finance (SIGKILL) for ${times.crashMs / 1000} s`);
  process.kill(await daemonPid('peer0.finance'), 'SIGKILL');
  from = Date.now();
  await sleep(times.crashMs);
  await networkSh(['up']);
  history.healed({ fault: 'peer0.finance killed, restarted', from, at: Date.now(), gateway: 'finance' });

  await sleep(times.quietMs);
  log(`killing the energy org's gateway (SIGKILL) for ${times.crashMs / 1000} s`);
  process.kill(await daemonPid('gateway.energy'), 'SIGKILL');
  from = Date.now();
  await sleep(times.crashMs);
  await networkSh(['gateway', 'start', 'energy']);
  history.healed({ fault: 'energy gateway killed, restarted', from, at: Date.now(), gateway: 'energy' });

  await sleep(times.quietMs);
  return { leader, newLeader };
}
