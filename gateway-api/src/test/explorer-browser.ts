import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expectStatus, type Alliance, type Identity } from '../scenarios/alliance-bootstrap';

/** The browser the explorer's tests drive: Debian's Chromium (`.ci/run` installs it), never a downloaded one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the tests write a screenshot of each page when asked (`make screenshots`: docs/img). */
const SCREENSHOTS = process.env.EXPLORER_SCREENSHOTS;

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Whether the tests can run here; when not, they are skipped with this reason. */
export function browserMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `explorer browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

/** Headless Chromium with a fresh profile, only for 127.0.0.1. */
export class Browser {
  readonly page: Page;
  readonly #context: BrowserContext;
  readonly #profile: string;
  readonly #baseUrl: string;
  readonly errors: string[] = [];

  private constructor(context: BrowserContext, page: Page, profile: string, baseUrl: string) {
    this.#context = context;
    this.page = page;
    this.#profile = profile;
    this.#baseUrl = baseUrl;
    page.on('pageerror', (err) => this.errors.push(err.message));
  }

  static async open(baseUrl: string): Promise<Browser> {
    const profile = await mkdtemp(path.join(tmpdir(), 'explorer-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 860 },
    });
    // Nothing leaves the machine: every request the page makes goes to the gateway under test.
    await context.route(/^(?!https?:\/\/127\.0\.0\.1[:/]).*/, (route) => route.abort());
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    return new Browser(context, page, profile, baseUrl);
  }

  /** Opens the explorer at `fragment` (`#/blocks/3`). */
  async go(fragment = '#/'): Promise<void> {
    await this.page.goto(`${this.#baseUrl}/explorer/${fragment}`);
  }

  async signIn(key: string): Promise<void> {
    await this.go();
    await this.page.fill('#credential', key);
    await this.page.click('button[type=submit]');
    await this.page.waitForSelector('[data-testid=height]');
  }

  async signOut(): Promise<void> {
    await this.page.click('text=Sign out');
    await this.page.waitForSelector('#credential');
  }

  /** A screenshot of the page as it is, when screenshots were asked for. */
  async shot(name: string): Promise<void> {
    if (!SCREENSHOTS) return;
    await mkdir(SCREENSHOTS, { recursive: true });
    await this.page.waitForTimeout(300);
    await this.page.screenshot({ path: path.join(SCREENSHOTS, `explorer-${name}.png`), fullPage: true });
  }

  async text(testId: string): Promise<string> {
    return (await this.page.getByTestId(testId).first().textContent()) ?? '';
  }

  async close(): Promise<void> {
    await this.#context.close();
    await rm(this.#profile, { recursive: true, force: true });
  }
}

/**
 * The explorer in a real browser, against a gateway on devnet (`make test`) or on Fabric (`make test-fabric`):
 * `setup` answers the alliance (members registered) and the gateway's base URL.
 */
export function explorerBrowserScenarios(setup: () => { alliance: Alliance; baseUrl: string }): void {
  let browser: Browser;
  let alliance: Alliance;
  const AUDITOR: Identity = 'FinanceMSP:auditor1';
  const BUYER: Identity = 'EcommerceMSP:buyer1';
  const OUTSIDER: Identity = 'EnergyMSP:producer1';
  let accountTx: string;

  beforeAll(async () => {
    const s = setup();
    alliance = s.alliance;
    browser = await Browser.open(s.baseUrl);
  }, 60_000);
  afterAll(async () => {
    await browser.close();
  });
  afterEach(() => {
    expect(browser.errors).toEqual([]);
  });

  it('signs in with an API key and shows the current height on the dashboard', async () => {
    await browser.signIn(alliance.target.key(AUDITOR));
    const chain = await expectStatus(alliance.as(AUDITOR).get('/chain'), 200);
    const height = (chain.body as { height: string }).height;
    await browser.page.getByTestId('height').getByText(height, { exact: true }).waitFor();
    // The session cookie is HttpOnly: the page's script cannot read it.
    expect(await browser.page.evaluate('document.cookie')).toBe('');
    await browser.page.getByTestId('live-state').getByText('streaming').waitFor();
  });

  it('shows a transaction submitted over REST live, over the event stream', async () => {
    const accountId = alliance.uniqueId('live');
    const opened = await expectStatus(alliance.as(BUYER).post('/accounts', { accountId }), 201);
    accountTx = (opened.body as { transactionId: string }).transactionId;
    await browser.page.getByTestId('live-events').locator(`a[href="#/tx/${accountTx}"]`).waitFor();
    await browser.page.getByTestId('recent-transactions').locator(`a[href="#/tx/${accountTx}"]`).waitFor();
    // The stream stays open while the figures are read again: the next commit arrives too.
    const next = await expectStatus(
      alliance.as(BUYER).post('/accounts', { accountId: alliance.uniqueId('live') }),
      201,
    );
    const nextTx = (next.body as { transactionId: string }).transactionId;
    await browser.page.getByTestId('live-events').locator(`a[href="#/tx/${nextTx}"]`).waitFor();
    await browser.shot('dashboard');
  });

  it("shows a block's hash and previous hash, and verifies the chain in the browser", async () => {
    const chain = await expectStatus(alliance.as(AUDITOR).get('/chain'), 200);
    const top = BigInt((chain.body as { height: string }).height) - 1n;
    const block = (await expectStatus(alliance.as(AUDITOR).get(`/blocks/${top}`), 200)).body as {
      hash: string;
      previousHash: string;
    };
    await browser.go(`#/blocks/${top}`);
    await browser.page.getByTestId('block-hash').getByText(block.hash).waitFor();
    expect(await browser.text('block-previous-hash')).toBe(block.previousHash);
    await browser.page.getByRole('button', { name: 'Verify' }).click();
    await browser.page.getByTestId('verify-verdict').waitFor();
    expect(await browser.text('verify-verdict')).toMatch(/^✔ \d+ blocks: every hash re-computed here matches/);
    expect(await browser.page.getByTestId('verify-links').locator('tbody tr').count()).toBeGreaterThan(1);
    await browser.shot('block');
  });

  it('refuses a chain whose header was tampered with on its way to the browser', async () => {
    const chain = await expectStatus(alliance.as(AUDITOR).get('/chain'), 200);
    const top = BigInt((chain.body as { height: string }).height) - 1n;
    const tampered = (top - 1n).toString();
    // A test-only change to the gateway's answer, in the browser: one block's data hash altered.
    await browser.page.route(/\/api\/v1\/blocks\?before=/, async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { items: { number: string; dataHash: string }[] };
      for (const item of body.items) {
        if (item.number === tampered)
          item.dataHash = `${item.dataHash.slice(0, -1)}${item.dataHash.endsWith('0') ? '1' : '0'}`;
      }
      await route.fulfill({ response: res, json: body });
    });
    try {
      await browser.go(`#/blocks/${top}`);
      await browser.page.getByRole('button', { name: 'Verify' }).click();
      await browser.page.getByTestId('verify-verdict').waitFor();
      const verdict = await browser.text('verify-verdict');
      expect(verdict).toMatch(/^✘ the chain does not verify/);
      expect(verdict).toContain(`#${tampered}`);
      await browser.shot('block-tampered');
    } finally {
      await browser.page.unroute(/\/api\/v1\/blocks\?before=/);
    }
  });

  it('finds a transaction by its id; the auditor reads its event payload', async () => {
    await browser.go();
    await browser.page.fill('input[name=q]', accountTx);
    await browser.page.press('input[name=q]', 'Enter');
    await browser.page.waitForURL(new RegExp(`#/tx/${accountTx}$`));
    await browser.page.getByTestId('tx-function').getByText('wallets:OpenAccount').waitFor();
    await browser.page.getByTestId('payload').waitFor();
    expect(await browser.text('tx-fields')).toContain('EcommerceMSP');
    await browser.shot('transaction');
  });

  it('finds a block by number and by hash, and says when nothing matches', async () => {
    const block = (await expectStatus(alliance.as(AUDITOR).get('/blocks/1'), 200)).body as { hash: string };
    await browser.go(`#/search/${block.hash}`);
    await browser.page.waitForURL(/#\/blocks\/1$/);
    await browser.page.getByTestId('block-hash').getByText(block.hash).waitFor();
    await browser.go(`#/search/${sha256(alliance.uniqueId('nothing'))}`);
    await browser.page.getByTestId('search-result').getByText('Nothing found').waitFor();
  });

  it('verifies a registered file in the browser, checks its Merkle proof there, and rejects a changed file', async () => {
    const content = Buffer.concat([Buffer.from(`Delivery note ${alliance.uniqueId('note')}\n`), randomBytes(2048)]);
    const hash = sha256(content);
    const others = [1, 2, 3, 4].map((i) => sha256(alliance.uniqueId(`leaf-${i}`)));
    const anchored = await expectStatus(
      alliance
        .as('EcommerceMSP:store1')
        .post('/evidence-batches', { leaves: [others[0], hash, ...others.slice(1)], category: 'delivery-note' }),
      201,
    );
    const tx = (anchored.body as { transactionId: string }).transactionId;
    await browser.go('#/evidence');
    await browser.page.getByTestId('file-input').setInputFiles({
      name: 'delivery-note.txt',
      mimeType: 'text/plain',
      buffer: content,
    });
    await browser.page.getByTestId('digest').getByText(hash).waitFor();
    await browser.page.getByTestId('evidence-verdict').getByText('Registered').waitFor();
    await browser.page.getByTestId('proof-verdict').getByText('✔ checked here').waitFor();
    expect(await browser.text('evidence-result')).toContain(tx.slice(0, 10));
    await browser.shot('evidence');

    const changed = Buffer.from(content);
    changed[0] = (changed[0] ?? 0) ^ 1;
    await browser.page.getByTestId('file-input').setInputFiles({
      name: 'delivery-note.txt',
      mimeType: 'text/plain',
      buffer: changed,
    });
    await browser.page.getByTestId('digest').getByText(sha256(changed)).waitFor();
    await browser.page.getByTestId('evidence-verdict').getByText('Not registered').waitFor();
  });

  it('refuses a write made with the session cookie but without the CSRF header', async () => {
    // What a script that lacks the token (or a form on another page) could send along with the cookie.
    const status = await browser.page.evaluate(`(async () => {
      const res = await fetch('/api/v1/accounts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: 'csrf-probe' }),
      });
      return { status: res.status, code: (await res.json()).code };
    })()`);
    expect(status).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it("shows the network's peers with their heights", async () => {
    await browser.go('#/network');
    await browser.page.getByTestId('nodes').locator('tbody tr').first().waitFor();
    const rows = await browser.page.getByTestId('nodes').locator('tbody tr').allTextContents();
    expect(rows.filter((r) => r.startsWith('peer') && r.includes('UP')).length).toBeGreaterThanOrEqual(3);
    expect(await browser.text('chaincode')).toMatch(/version \S+, sequence \d+/);
    await browser.shot('network');
  });

  it('shows the block list with paging', async () => {
    await browser.go('#/blocks');
    await browser.page.getByTestId('block-list').locator('tbody tr').first().waitFor();
    expect(await browser.page.getByTestId('block-list').locator('tbody tr').count()).toBeGreaterThan(1);
    await browser.shot('blocks');
  });

  it('signs out, and shows a non-party no payload', async () => {
    await browser.signOut();
    await browser.shot('sign-in');
    await browser.signIn(alliance.target.key(OUTSIDER));
    await browser.go(`#/tx/${accountTx}`);
    await browser.page.getByTestId('tx-function').getByText('wallets:OpenAccount').waitFor();
    await browser.page.getByTestId('payload-hidden').waitFor();
    expect(await browser.page.getByTestId('payload').count()).toBe(0);
    await browser.shot('transaction-non-party');
  });
}
