import { Alliance } from '../scenarios/alliance-bootstrap';
import { browserMissing, explorerBrowserScenarios } from '../test/explorer-browser';
import { listen } from '../test/sse-client';

/**
 * The explorer in headless Chromium against the gateway on devnet, served on 127.0.0.1 as `make start` serves
 * it. `EXPLORER_SCREENSHOTS=docs/img` (`make screenshots`) also writes a screenshot of each page.
 */
const missing = browserMissing();
if (missing) {
  // A skipped suite says why, in the test output.
  console.warn(missing);
}

(missing ? describe.skip : describe)('explorer in a browser (devnet)', () => {
  let alliance: Alliance;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    alliance = await Alliance.open();
    const local = alliance.target.local;
    if (!local) throw new Error('the devnet browser tests run against a gateway in this process');
    server = await listen(local.gateway.app);
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await alliance.close();
  });

  explorerBrowserScenarios(() => ({ alliance, baseUrl: server.url }));
});
