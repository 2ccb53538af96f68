import { DEFAULT_ORGANIZATIONS } from '@allianceledger/devnet';

/** What the demo creates, for the start-up banner. */
export interface DemoSummary {
  readonly currency: string;
  readonly buyerAccountId: string;
  readonly storeAccountId: string;
  readonly storeOrderNo: string;
  readonly settlementNo: string;
}

const CURRENCY = 'CNY';
const BUYER = 'EcommerceMSP:buyer1';
const STORE = 'EcommerceMSP:store1';
const ISSUER = 'FinanceMSP:issuer1';

/**
 * Seeds a fresh devnet through the gateway's own REST API so a newcomer sees data at once: members
 * with roles, the CNY currency by consortium decision, a buyer and a store account, funds, and one
 * complete purchase. Does nothing when the currency already exists (a second start).
 */
export async function seedDemo(
  baseUrl: string,
  keys: ReadonlyMap<string, string>,
  log: (line: string) => void,
): Promise<DemoSummary | undefined> {
  const call = async (identity: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> => {
    const key = keys.get(identity);
    if (!key) throw new Error(`no API key for ${identity}`);
    return fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };
  const ok = async <T>(identity: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await call(identity, method, path, body);
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`demo: ${method} ${path} as ${identity} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  if ((await call('FinanceMSP:Admin', 'GET', `/currencies/${CURRENCY}`)).ok) return undefined;

  log('demo: registering members with their roles');
  const party = async (identity: string): Promise<string> =>
    (await ok<{ caller: { party: string } }>(identity, 'GET', '/me')).caller.party;
  for (const org of DEFAULT_ORGANIZATIONS) {
    for (const user of org.users) {
      const role = user.attributes?.role;
      if (!role) continue;
      const identity = `${org.mspId}:${user.name}`;
      await ok(`${org.mspId}:Admin`, 'POST', '/members', {
        member: await party(identity),
        name: user.name,
        roles: [role],
      });
    }
  }

  /** A consortium decision: proposed and approved by FinanceMSP, approved by EcommerceMSP, executed by EnergyMSP. */
  const decide = async (kind: string, payload: object, description: string): Promise<void> => {
    const proposal = await ok<{ data: { proposalId: string } }>('FinanceMSP:Admin', 'POST', '/proposals', {
      kind,
      payload,
      description,
    });
    const id = proposal.data.proposalId;
    await ok('FinanceMSP:Admin', 'POST', `/proposals/${id}/approvals`);
    await ok('EcommerceMSP:Admin', 'POST', `/proposals/${id}/approvals`);
    await ok('EnergyMSP:Admin', 'POST', `/proposals/${id}/execution`);
  };

  log(`demo: registering ${CURRENCY} by consortium decision (2 of 3 orgs)`);
  await decide(
    'REGISTER_CURRENCY',
    { code: CURRENCY, name: 'Digital yuan (demo)', decimals: 2, issuer: await party(ISSUER) },
    'demo currency',
  );
  log('demo: registering the logistics feed (oracle1 reports deliveries, a quorum of 1)');
  await decide(
    'REGISTER_FEED',
    {
      feedId: 'logistics',
      kind: 'LOGISTICS_STATUS',
      description: 'shipment status, by settlement number',
      oracles: ['EcommerceMSP:oracle1'],
      quorum: 1,
      maxAgeSeconds: 86_400,
      scale: 0,
    },
    'demo logistics feed',
  );

  log('demo: opening accounts and issuing 1,000.00 CNY to the buyer');
  const buyerAccountId = 'buyer1-wallet';
  const storeAccountId = 'store1-wallet';
  await ok(BUYER, 'POST', '/accounts', { accountId: buyerAccountId });
  await ok(STORE, 'POST', '/accounts', { accountId: storeAccountId });
  await ok(ISSUER, 'POST', '/issuances', {
    currency: CURRENCY,
    accountId: buyerAccountId,
    amount: '100000',
    reference: 'demo deposit',
  });

  log('demo: one purchase: pay into escrow, acknowledge, ship, confirm receipt');
  const storeOrderNo = `${storeAccountId}-0001`;
  const amount = '12800';
  const requested = await ok<{ data: { settlement: { settlementNo: string } } }>(BUYER, 'POST', '/settlements', {
    storeOrderNo,
    buyerAccountId,
    storeAccountId,
    currency: CURRENCY,
    amount,
    order: {
      storeOrderNo,
      currency: CURRENCY,
      amount,
      items: [{ name: 'Tea set', model: 'TS-2', quantity: 1, unitPrice: amount, origin: 'Jingdezhen' }],
      shippingAddress: { recipient: 'Li Lei', line1: '1 Bund Road', city: 'Shanghai', country: 'CN' },
    },
  });
  const settlementNo = requested.data.settlement.settlementNo;
  // The store names its order by its own number; the buyer by the settlement number.
  const order = `/stores/${STORE}/orders/${storeOrderNo}`;
  await ok(STORE, 'POST', `${order}/payment-acknowledgement`);
  await ok(STORE, 'POST', `${order}/shipment`, { carrier: 'SF Express', trackingNo: 'SF0000000001' });
  await ok(BUYER, 'POST', `/settlements/${settlementNo}/confirmation`, { amountToPay: amount });
  return { currency: CURRENCY, buyerAccountId, storeAccountId, storeOrderNo, settlementNo };
}
