import { openTestDevnet, contractAs, text } from './test/harness';

describe('devnet smoke', () => {
  it('submits and evaluates through contract dispatch', async () => {
    const { devnet, cleanup } = await openTestDevnet();
    try {
      const store = await contractAs(devnet, 'EcommerceMSP', 'store1');
      await store.submitTransaction('Put', 'a', 'hello');
      expect(text(await store.evaluateTransaction('Get', 'a'))).toBe('hello');
      expect(devnet.chainInfo().height).toBe(2n);
      const who = JSON.parse(text(await store.evaluateTransaction('WhoAmI')));
      expect(who.role).toBe('store');
    } finally {
      await cleanup();
    }
  });
});
