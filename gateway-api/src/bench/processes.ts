/**
 * CPU time and resident memory of the network's processes, read from /proc (Linux), for the benchmark:
 * the daemons test-network-scripts start record their PIDs in `RUN_DIR/pids/<name>.pid`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A process by its name in the run directory (`peer0.ecommerce`, `orderer1`, `gateway`, …). */
export interface NamedProcess {
  readonly name: string;
  readonly pid: number;
}

/** The load generator itself: its CPU comes from `process.cpuUsage()`. */
export const LOAD_GENERATOR = 'load generator';

/** Every process with a PID file in `runDir/pids`, by name. */
export function networkProcesses(runDir: string): NamedProcess[] {
  const dir = path.join(runDir, 'pids');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => ({ name: f.slice(0, -'.pid'.length), pid: Number(readFileSync(path.join(dir, f), 'utf8').trim()) }))
    .filter((p) => Number.isInteger(p.pid) && p.pid > 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`, 100 on Linux unless configured otherwise). */
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** User + system CPU milliseconds a process has used, or undefined when it is gone. */
export function cpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses: fields are counted after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicks();
}

/** Resident set size in MiB, or undefined when the process is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds per process between `start()` and `stop()`, the load generator included. */
export class CpuMeter {
  readonly #processes: readonly NamedProcess[];
  #before = new Map<string, number>();
  #self: NodeJS.CpuUsage | undefined;

  constructor(processes: readonly NamedProcess[]) {
    this.#processes = processes;
  }

  start(): void {
    this.#before = new Map();
    for (const p of this.#processes) {
      const ms = cpuMs(p.pid);
      if (ms !== undefined) this.#before.set(p.name, ms);
    }
    this.#self = process.cpuUsage();
  }

  /** CPU milliseconds each process used since `start()`. */
  stop(): Record<string, number> {
    const used: Record<string, number> = {};
    for (const p of this.#processes) {
      const before = this.#before.get(p.name);
      const after = cpuMs(p.pid);
      if (before !== undefined && after !== undefined) used[p.name] = after - before;
    }
    const self = process.cpuUsage(this.#self);
    used[LOAD_GENERATOR] = (self.user + self.system) / 1000;
    return used;
  }
}

/** One RSS sample. */
export interface RssSample {
  readonly atSeconds: number;
  readonly rssMiB: number;
}

/** Samples a process's RSS every `intervalMs` until stopped. */
export class RssSampler {
  readonly #pid: number;
  readonly #samples: RssSample[] = [];
  readonly #timer: NodeJS.Timeout;
  readonly #t0 = Date.now();

  constructor(pid: number, intervalMs = 1000) {
    this.#pid = pid;
    this.#sample();
    this.#timer = setInterval(() => {
      this.#sample();
    }, intervalMs);
    this.#timer.unref();
  }

  #sample(): void {
    const rss = rssMiB(this.#pid);
    if (rss !== undefined) this.#samples.push({ atSeconds: (Date.now() - this.#t0) / 1000, rssMiB: rss });
  }

  stop(): RssSample[] {
    clearInterval(this.#timer);
    this.#sample();
    return [...this.#samples];
  }
}
