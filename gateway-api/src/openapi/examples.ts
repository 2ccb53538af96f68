/**
 * Request examples for Swagger UI's "Try it out", written for the demo data `make demo` seeds (the CNY
 * currency, `buyer1-wallet` and `store1-wallet`, the purchase `store1-wallet-0001`): each is a valid
 * body of its operation (a test parses every one with the operation's schema). Steps on a record a
 * body does not name (a settlement, a receivable) take its id in the path, from the listing or the
 * creating call's answer.
 */

const DN = '/C=US/ST=California/L=San Francisco';

/** The party id devnet gives `<user>` of an organisation (`GET /me` answers the caller's own). */
export function demoParty(mspId: string, domain: string, user: string, nodeOU = 'client'): string {
  return `${mspId}::x509::${DN}/OU=${nodeOU}/CN=${user}@${domain}::${DN}/O=${domain}/CN=ca.${domain}`;
}

const buyer2 = demoParty('EcommerceMSP', 'ecommerce.example.com', 'buyer2');
// Counterparties by handle (`GET /directory`), as an integrator names them.
const buyer2Handle = 'EcommerceMSP:buyer2';
const store2Handle = 'EcommerceMSP:store2';
const bank1Handle = 'FinanceMSP:bank1';
const bank2 = demoParty('FinanceMSP', 'finance.example.com', 'bank2');
const storeOrderNo = 'store1-wallet-0002';
const digest = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';
const deviceSignature =
  'MEUCIQDkH0p3bqzXwC7pS2yYxq0v5n6Lr8Rk0m9JXk6c2wQd8AIgQ0m3Jx8a0v8cJ3h1m2F7k8zYVv1b9w6u3nT0kq4yqIw=';
const reason = 'agreed with the counterparty';

/**
 * The body of each purchase step, the same under both of a purchase's names (purchase.routes.ts): the
 * operation id under the other name has its suffix.
 */
const PURCHASE_STEPS: readonly (readonly [string, 'ByStoreOrder' | 'BySettlementNo', unknown])[] = [
  ['confirmReceipt', 'ByStoreOrder', { amountToPay: '6400' }],
  ['cancelSettlement', 'ByStoreOrder', { reason: 'ordered twice' }],
  ['disputeSettlement', 'ByStoreOrder', { reason: 'one cup arrived broken', evidenceHash: digest }],
  ['arbitrateSettlement', 'ByStoreOrder', { storeAmount: '3200', ruling: 'the store refunds the broken cup' }],
  ['shipOrder', 'BySettlementNo', { carrier: 'SF Express', trackingNo: 'SF0000000002' }],
  ['recordDelivery', 'BySettlementNo', { proofHash: digest }],
];

/** One request body example per write operation that takes a body, by operation id. */
export const REQUEST_EXAMPLES: Readonly<Record<string, unknown>> = {
  ...Object.fromEntries(
    PURCHASE_STEPS.flatMap(([id, other, body]) => [
      [id, body],
      [`${id}${other}`, body],
    ]),
  ),
  registerMember: { member: buyer2, handle: 'buyer2', name: 'buyer2', roles: ['buyer'] },
  changeMemberRoles: { roles: ['store', 'warehouse'], reason: 'the store also runs a warehouse' },
  suspendMember: { reason: 'under review' },
  reinstateMember: { reason: 'review closed' },
  createProposal: {
    kind: 'REGISTER_CURRENCY',
    payload: { code: 'USD', name: 'US dollar (demo)', decimals: 2, issuer: bank2 },
    description: 'a second currency',
  },
  withdrawProposal: { reason: 'superseded' },
  openAccount: { accountId: 'buyer1-savings' },
  compactAccount: { currency: 'CNY' },
  issueFunds: { currency: 'CNY', accountId: 'buyer1-wallet', amount: '50000', reference: 'fiat deposit 2024-001' },
  transferFunds: {
    fromAccountId: 'buyer1-wallet',
    toAccountId: 'store1-wallet',
    currency: 'CNY',
    amount: '1000',
    memo: 'tip',
  },
  requestRedemption: { accountId: 'buyer1-wallet', currency: 'CNY', amount: '1000' },
  rejectRedemption: { reason: 'bank details missing' },
  requestSettlement: {
    storeOrderNo,
    buyerAccountId: 'buyer1-wallet',
    storeAccountId: 'store1-wallet',
    currency: 'CNY',
    amount: '6400',
    order: {
      storeOrderNo,
      currency: 'CNY',
      amount: '6400',
      items: [{ name: 'Tea cups', model: 'TC-6', quantity: 2, unitPrice: '3200', origin: 'Jingdezhen' }],
      shippingAddress: { recipient: 'Li Lei', line1: '1 Bund Road', city: 'Shanghai', country: 'CN' },
    },
  },
  registerEvidence: { hash: digest, category: 'contract', description: 'supply contract 42', size: 11 },
  anchorEvidenceBatch: {
    leaves: [digest, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
    category: 'invoice',
  },
  addCreditRecord: {
    subject: store2Handle,
    kind: 'CONTRACT_FULFILLED',
    reference: 'contract 42',
    evidenceHash: digest,
  },
  issueReceivable: {
    debtor: buyer2Handle,
    currency: 'CNY',
    faceAmount: '1000000',
    dueAt: '2030-01-31T00:00:00Z',
    contractHash: digest,
    accountId: 'store1-wallet',
    description: 'invoice 42',
  },
  rejectReceivable: { reason: 'no such delivery' },
  transferReceivable: { toAccountId: 'store1-wallet' },
  splitReceivable: {
    parts: [
      { toAccountId: 'store1-wallet', amount: '600000' },
      { toAccountId: 'buyer1-wallet', amount: '400000' },
    ],
  },
  requestFinancing: { bank: bank1Handle, annualRate: '0.05', payoutAccountId: 'store1-wallet' },
  cancelFinancing: { reason },
  financeReceivable: { fromAccountId: 'bank1-wallet' },
  repayReceivable: { fromAccountId: 'buyer1-wallet' },
  issueReceipt: {
    owner: store2Handle,
    goods: 'Green tea',
    quantity: '500',
    unit: 'kg',
    location: 'Warehouse 3, Hangzhou',
  },
  requestPledge: {
    bank: bank1Handle,
    currency: 'CNY',
    loanAmount: '200000',
    repayAmount: '205000',
    accountId: 'store1-wallet',
  },
  cancelPledge: { reason },
  fundPledge: { fromAccountId: 'bank1-wallet' },
  repayPledge: { fromAccountId: 'store1-wallet' },
  grantCreditLine: { borrower: buyer2Handle, currency: 'CNY', limit: '500000', fundingAccountId: 'bank1-wallet' },
  drawCreditLine: { accountId: 'buyer1-wallet', amount: '10000' },
  repayCreditLine: { accountId: 'buyer1-wallet', amount: '10000' },
  registerIdentity: { name: 'buyer9', roles: ['buyer'], custody: 'self' },
  // A CSR for a P-256 key with CN=buyer9 (its key is not kept anywhere: make your own on the device).
  // A device's signature (DER, base64) of the digest the previous step answered.
  endorseOfflineTransaction: { signature: deviceSignature },
  submitOfflineTransaction: { signature: deviceSignature },
  prepareOfflineQuery: { transaction: 'wallets:GetBalance', input: { accountId: 'buyer1-wallet', currency: 'CNY' } },
  evaluateOfflineQuery: { signature: deviceSignature },
  enrollIdentity: {
    csr:
      '-----BEGIN CERTIFICATE REQUEST-----\n' +
      'MIHLMHMCAQAwETEPMA0GA1UEAwwGYnV5ZXI5MFkwEwYHKoZIzj0CAQYIKoZIzj0D\n' +
      'AQcDQgAEyz5DC/efALA3DGXyFe/EMBzzYHqaIkBk2f1Nvl6jhUFSY1+zOMTWbPtM\n' +
      '8zmplvQJsHsh8bJMFB28ZgpoUW6JJqAAMAoGCCqGSM49BAMCA0gAMEUCIQC9SSa/\n' +
      'ubMTt8BumCt5ts4ivgdCnSlUhsC4+Xu30AfShgIgSKhlabubHAVQEz3rYDCBw7IR\n' +
      'xXY9P5YItTAQbdDqXWs=\n' +
      '-----END CERTIFICATE REQUEST-----\n',
  },
  revokeIdentity: { reason: 'device lost', crlReason: 'keycompromise' },
  issueApiKey: { identity: 'EcommerceMSP:buyer1', label: 'checkout service' },
  openSpace: {
    spaceId: 'store1-tea',
    name: 'West Lake Tea',
    description: 'Spring teas from Hangzhou',
    payoutAccountId: 'store1-wallet',
  },
  bindWallet: { accountId: 'buyer1-wallet' },
  registerRightClass: {
    classId: 'longjing-2024',
    spaceId: 'store1-tea',
    category: 'tea',
    sku: 'LJ-2024-250',
    name: 'Longjing green tea, spring 2024',
    specification: '250 g tin',
    production: {
      producer: 'Hangzhou West Lake Tea Co.',
      origin: 'Hangzhou',
      batchNo: 'B-0417',
      producedOn: '2024-04-17',
    },
    price: '12800',
    currency: 'CNY',
    supply: 100,
    redeemable: ['DELIVERY', 'PICKUP'],
    royaltyBps: 250,
  },
  purchaseRight: { accountId: 'buyer1-wallet' },
  transferRight: { to: buyer2, memo: 'a gift' },
  listForResale: { spaceId: 'buyer1-resales', price: '15000' },
  buyResale: { accountId: 'buyer1-wallet' },
  requestRightRedemption: { method: 'DELIVERY', addressHash: digest },
  refuseRightRedemption: { reason: 'out of stock until May' },
  fulfilRightRedemption: { carrier: 'SF Express', trackingNo: 'SF0000000003' },
  confirmRightRedemption: { proofHash: digest },
  reportObservation: { value: '3' },
  registerLiquidityProvider: { providerId: 'bank1-fx', accountId: 'bank1-fx-desk', feedId: 'usd-cny', spreadBps: 25 },
  setLiquidityProviderStatus: { status: 'PAUSED' },
  requestFxQuote: {
    providerId: 'bank1-fx',
    fromAccountId: 'buyer1-wallet',
    toAccountId: 'store1-wallet',
    payCurrency: 'USD',
    receiveCurrency: 'CNY',
    receiveAmount: '71234',
    validSeconds: 60,
  },
  payFxQuote: { maxSlippageBps: 50 },
  registerMeter: { meterId: 'meter-p1', party: 'EnergyMSP:producer1', side: 'PRODUCER', feedId: 'meter-p1' },
  offerEnergy: {
    meterId: 'meter-p1',
    accountId: 'producer1-wallet',
    windowStart: '2030-01-31T10:00:00Z',
    windowEnd: '2030-01-31T11:00:00Z',
    quantityWh: '5000000',
    pricePerKwh: '80',
    currency: 'CNY',
    renewable: true,
    readingGraceSeconds: 3600,
  },
  buyEnergy: { meterId: 'meter-c1', accountId: 'consumer1-wallet', quantityWh: '2000000' },
  transferGreenCertificate: { to: 'EcommerceMSP:store1' },
  retireGreenCertificate: { claim: '2030 scope 2 report' },
};
