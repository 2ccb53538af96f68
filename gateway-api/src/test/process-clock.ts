/**
 * Moves this process's clock forward, for tests of time limits on devnet. A transaction's time is the
 * timestamp its client puts in the signed proposal, and fabric-gateway takes it from `Date`; so a test that
 * needs an hour to pass moves `Date` (and only `Date`: timers, `performance` and `hrtime` stay real, and
 * the faked `Date` keeps ticking with real time). Everything in the process — the gateway, its keeper,
 * devnet — sees the same moved clock, as a remote network would see time really pass.
 */
let moved = false;

/** Lets `seconds` pass for `Date`. */
export function advanceProcessClock(seconds: number): void {
  if (!moved) {
    jest.useFakeTimers({
      advanceTimers: true,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    moved = true;
  }
  jest.setSystemTime(Date.now() + seconds * 1000);
}

/** Puts the real clock back (after a test that moved it). */
export function restoreProcessClock(): void {
  if (!moved) return;
  jest.useRealTimers();
  moved = false;
}
