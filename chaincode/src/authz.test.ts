/**
 * Authorization, table-driven: for every transaction, each allowed identity succeeds, and every other
 * identity of the consortium — other roles, another party of the same role (BOLA), other orgs' users
 * and admins, an unregistered identity — is refused with FORBIDDEN.
 */
import { createHash } from 'node:crypto';
import { declareSchemaVersion } from './lib/schema';
import { contractMetadata } from './test/metadata';
import {
  Alliance,
  Client,
  STANDARD_ROLES,
  USERS,
  expectCode,
  orderSnapshot,
  type Msp,
  type UserRef,
} from './test/alliance';

const ALL: UserRef[] = (Object.entries(USERS) as [Msp, readonly string[]][]).flatMap(([msp, users]) =>
  users.map((u): UserRef => [msp, u]),
);
const key = ([msp, user]: UserRef): string => `${msp}/${user}`;
const E = (user: string): UserRef => ['EcommerceMSP', user];
const F = (user: string): UserRef => ['FinanceMSP', user];
const N = (user: string): UserRef => ['EnergyMSP', user];
const ADMINS = [E('Admin'), F('Admin'), N('Admin')];
/** consumer1 stays unregistered here: a valid certificate of a consortium org, but no member. */
const UNREGISTERED = N('consumer1');
/** oracle1 is registered by the RegisterMember case itself. */
const LATE = E('oracle1');
/** A record type with two schema versions, so that the migration transactions have something to do. */
const MIGRATED_TYPE = 'authz-migrated';
declareSchemaVersion(MIGRATED_TYPE, (record) => record);
const MEMBERS = ALL.filter((u) => !ADMINS.some((a) => key(a) === key(u)) && key(u) !== key(UNREGISTERED));

interface Call {
  readonly input: unknown;
  readonly transient?: Record<string, unknown>;
}

interface Case {
  readonly tx: string;
  /** Whether the transaction is a submit (else a query). */
  readonly submit: boolean;
  readonly allowed: readonly UserRef[];
  /** Defaults to everyone not allowed. */
  readonly denied?: readonly UserRef[];
  /** A fresh input on which `actor` is allowed to act. */
  readonly prepare: (actor: UserRef) => Promise<Call>;
}

describe('authorization', () => {
  let alliance: Alliance;
  let seq = 0;
  const next = (): number => ++seq;
  const c = (ref: UserRef): Promise<Client> => alliance.client(...ref);
  const party = (ref: UserRef): Promise<string> => alliance.party(...ref);
  /** Registered by the first RecordDelivery case: its oracle, oracle1, is registered by a case too. */
  let logisticsFeed: Promise<unknown> | undefined;
  /** A quote of buyer1: 1.00 CNY into store2's account, paid in USD through bank1's desk. */
  const fxQuoteInput = () => ({
    providerId: 'az-fx-desk',
    fromAccountId: 'az-b1',
    toAccountId: 'az-s2',
    payCurrency: 'USD',
    receiveCurrency: 'CNY',
    receiveAmount: '100',
  });
  async function fxQuote(): Promise<string> {
    return String((await (await c(E('buyer1'))).submit('fx:RequestQuote', fxQuoteInput())).quoteId);
  }
  /** A round of the meter feed `az-meter` that meter1 reported in. */
  async function meterRound(): Promise<string> {
    const roundId = `w-${next()}`;
    await (await c(N('meter1'))).submit('oracles:ReportObservation', { feedId: 'az-meter', roundId, value: '1500' });
    return roundId;
  }

  async function purchase(
    stage: 'PLACED' | 'PAID' | 'SHIPPED' | 'DISPUTED' | 'EXPIRED',
  ): Promise<{ no: string; settlementNo: string }> {
    const no = `az-s1-${next()}`;
    const buyer = await c(E('buyer1'));
    const store = await c(E('store1'));
    const r = await buyer.submit(
      'settlements:RequestSettlement',
      {
        storeOrderNo: no,
        buyerAccountId: 'az-b1',
        storeAccountId: 'az-s1',
        currency: 'CNY',
        amount: '10',
        timeLimitSeconds: 3600,
      },
      { transient: { order: orderSnapshot(no, '10') } },
    );
    const settlementNo: string = r.settlement.settlementNo;
    if (stage !== 'PLACED')
      await store.submit('settlements:AcknowledgePayment', { store: 'EcommerceMSP:store1', storeOrderNo: no });
    if (stage === 'SHIPPED' || stage === 'DISPUTED' || stage === 'EXPIRED') {
      await store.submit('settlements:Ship', {
        store: 'EcommerceMSP:store1',
        storeOrderNo: no,
        carrier: 'SF',
        trackingNo: 'T',
      });
    }
    if (stage === 'DISPUTED') await buyer.submit('settlements:Dispute', { settlementNo, reason: 'r' });
    if (stage === 'EXPIRED') alliance.advance(3601);
    return { no, settlementNo };
  }

  async function proposal(approvers: readonly Msp[]): Promise<string> {
    const finance = await c(F('Admin'));
    const { proposalId } = await finance.submit('consortium:CreateProposal', {
      kind: 'REGISTER_CURRENCY',
      payload: { code: `AZ${next()}`, name: 'az', decimals: 2, issuer: await party(F('issuer1')) },
    });
    for (const msp of approvers) await (await c([msp, 'Admin'])).submit('consortium:ApproveProposal', { proposalId });
    return String(proposalId);
  }

  async function redemption(): Promise<string> {
    const r = await (
      await c(E('buyer1'))
    ).submit('wallets:RequestRedemption', { accountId: 'az-b1', currency: 'CNY', amount: '1' });
    return String(r.redemptionId);
  }

  const hash = (label: string): string => createHash('sha256').update(`${label} ${next()}`).digest('hex');
  const dueIn = (seconds: number): string => new Date(alliance.now + seconds * 1000).toISOString();

  type ReceivableStage = 'ISSUED' | 'ACCEPTED' | 'FINANCING_REQUESTED' | 'OVERDUE_DUE';
  /** A receivable store1 issued against buyer1, payable into az-s1, brought to `stage`. */
  async function receivable(stage: ReceivableStage): Promise<string> {
    const r = await (
      await c(E('store1'))
    ).submit('finance:IssueReceivable', {
      debtor: await party(E('buyer1')),
      currency: 'CNY',
      faceAmount: '100',
      dueAt: dueIn(stage === 'OVERDUE_DUE' ? 60 : 30 * 86400),
      contractHash: hash('contract'),
      accountId: 'az-s1',
    });
    const receivableId = String(r.receivableId);
    if (stage !== 'ISSUED') await (await c(E('buyer1'))).submit('finance:AcceptReceivable', { receivableId });
    if (stage === 'FINANCING_REQUESTED') {
      await (
        await c(E('store1'))
      ).submit('finance:RequestFinancing', {
        receivableId,
        bank: await party(F('bank1')),
        annualRate: '0.05',
        payoutAccountId: 'az-s1',
      });
    }
    if (stage === 'OVERDUE_DUE') alliance.advance(61);
    return receivableId;
  }

  /** A warehouse receipt store2 (warehouse) issued to store1, brought to `stage`. */
  async function receipt(stage: 'ISSUED' | 'PLEDGE_REQUESTED' | 'PLEDGED'): Promise<string> {
    const r = await (
      await c(E('store2'))
    ).submit('finance:IssueReceipt', {
      owner: await party(E('store1')),
      goods: 'tea',
      quantity: '5',
      unit: 't',
      location: 'WH-1',
    });
    const receiptId = String(r.receiptId);
    if (stage !== 'ISSUED') {
      await (
        await c(E('store1'))
      ).submit('finance:RequestPledge', {
        receiptId,
        bank: await party(F('bank1')),
        currency: 'CNY',
        loanAmount: '10',
        repayAmount: '11',
        accountId: 'az-s1',
      });
    }
    if (stage === 'PLEDGED') {
      await (await c(F('bank1'))).submit('finance:FundPledge', { receiptId, fromAccountId: 'az-bank' });
    }
    return receiptId;
  }

  /** A credit line bank1 granted buyer1, with `drawn` drawn. */
  async function creditLine(drawn: string): Promise<string> {
    const line = await (
      await c(F('bank1'))
    ).submit('finance:GrantCreditLine', {
      borrower: await party(E('buyer1')),
      currency: 'CNY',
      limit: '1000',
      fundingAccountId: 'az-bank',
    });
    const lineId = String(line.lineId);
    if (drawn !== '0') {
      await (await c(E('buyer1'))).submit('finance:DrawCreditLine', { lineId, accountId: 'az-b1', amount: drawn });
    }
    return lineId;
  }

  async function evidence(batched: boolean): Promise<string> {
    const store = await c(E('store1'));
    const h = hash('document');
    if (batched) await store.submit('evidence:AnchorBatch', { leaves: [h, hash('other')], category: 'report' });
    else await store.submit('evidence:RegisterEvidence', { hash: h, category: 'contract' });
    return h;
  }

  /** A class of tea rights in store1's space `az-shop`, redeemable by delivery or pick-up. */
  const rightClass = (classId: string, supply: number): object => ({
    classId,
    spaceId: 'az-shop',
    category: 'tea',
    sku: 'T-1',
    name: 'tea',
    specification: '250 g',
    production: { producer: 'tea farm' },
    price: '10',
    currency: 'CNY',
    supply,
    redeemable: ['DELIVERY', 'PICKUP'],
  });

  /**
   * An energy offer of producer1 (renewable, 1 per kWh, a one-second reading grace) whose window starts
   * in a second; with `bought`, meter1 — a second role here: devnet's one consumer identity, consumer1, is
   * the unregistered one — has bought 1 MWh of it from its meter `az-mc`.
   */
  async function energyOffer(bought: boolean): Promise<{ offerId: string; purchaseId?: string }> {
    const at = (ms: number) => new Date(alliance.now + ms).toISOString();
    const { offerId } = await (
      await c(N('producer1'))
    ).submit('energy:OfferEnergy', {
      meterId: 'az-mp',
      accountId: 'az-p',
      windowStart: at(1000),
      windowEnd: at(2000),
      quantityWh: '2000000',
      pricePerKwh: '1',
      currency: 'CNY',
      renewable: true,
      readingGraceSeconds: 1,
    });
    if (!bought) return { offerId: String(offerId) };
    const { purchaseId } = await (
      await c(N('meter1'))
    ).submit('energy:BuyEnergy', { offerId, meterId: 'az-mc', accountId: 'az-m1', quantityWh: '1000000' });
    return { offerId: String(offerId), purchaseId: String(purchaseId) };
  }
  /** An energy window that has ended: anyone may settle it. */
  async function endedWindow(): Promise<string> {
    const { offerId } = await energyOffer(false);
    alliance.advance(3);
    return offerId;
  }
  /** A green certificate of meter1: 1 MWh bought, delivered and received, settled. */
  async function greenCertificate(): Promise<string> {
    const { offerId, purchaseId } = await energyOffer(true);
    const meter1 = await c(N('meter1'));
    // The meters read the window as it ends (the reading grace is a second).
    alliance.advance(2);
    await meter1.submit('oracles:ReportObservation', { feedId: 'az-meter', roundId: offerId, value: '1000000' });
    await (
      await c(F('bank2'))
    ).submit('oracles:ReportObservation', { feedId: 'az-meter-c', roundId: offerId, value: '1000000' });
    alliance.advance(1);
    await meter1.submit('energy:SettleWindow', { offerId });
    return `${String(purchaseId)}.gc`;
  }

  type TokenStage = 'HELD' | 'LISTED' | 'REDEEMING' | 'FULFILLED' | 'EXPIRED' | 'GIFTED';
  /**
   * A token of the class `az-class` bought by buyer1 (GIFTED: bought by buyer2 and given to buyer1, so
   * that buyer2 is a past holder), brought to `stage`.
   */
  async function token(stage: TokenStage): Promise<string> {
    const buyer1 = await c(E('buyer1'));
    const first = stage === 'GIFTED' ? await c(E('buyer2')) : buyer1;
    const bought = await first.submit('rights:PurchaseRight', {
      classId: 'az-class',
      accountId: stage === 'GIFTED' ? 'az-b2' : 'az-b1',
    });
    const tokenId = String(bought.token.tokenId);
    const store = await c(E('store1'));
    if (stage === 'GIFTED') await first.submit('rights:TransferRight', { tokenId, to: await party(E('buyer1')) });
    if (stage === 'LISTED') {
      await buyer1.submit('rights:ListForResale', { tokenId, spaceId: 'az-b1-space', price: '10' });
    }
    if (stage === 'REDEEMING' || stage === 'FULFILLED' || stage === 'EXPIRED') {
      await buyer1.submit('rights:RequestRedemption', { tokenId, method: 'PICKUP' });
    }
    if (stage === 'FULFILLED' || stage === 'EXPIRED') {
      await store.submit('rights:FulfilRedemption', { tokenId, confirmWithinSeconds: 60 });
    }
    if (stage === 'EXPIRED') alliance.advance(61);
    return tokenId;
  }

  const sharedApproval: { id?: string } = {};
  const once = <T>(fn: () => Promise<T>): (() => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= fn());
  };
  const placed = once(() => purchase('PLACED'));
  const readable = once(() => purchase('SHIPPED'));
  const readableReceivable = once(() => receivable('FINANCING_REQUESTED'));
  const readableReceipt = once(() => receipt('PLEDGE_REQUESTED'));
  const readableLine = once(() => creditLine('0'));
  const singleEvidence = once(() => evidence(false));
  const batchedEvidence = once(() => evidence(true));
  const readableToken = once(() => token('GIFTED'));
  const CREDIT_READERS = [E('buyer1'), F('bank1'), F('bank2'), F('auditor1')];

  const CASES: Case[] = [
    // members
    {
      tx: 'members:RegisterMember',
      submit: true,
      allowed: [E('Admin')],
      prepare: async () => ({ input: { member: await party(LATE), name: 'oracle', roles: ['oracle'] } }),
    },
    {
      tx: 'members:ChangeMemberRoles',
      submit: true,
      allowed: [E('Admin')],
      prepare: async () => ({ input: { member: await party(LATE), roles: ['oracle'], reason: 'review' } }),
    },
    {
      tx: 'members:SuspendMember',
      submit: true,
      allowed: [E('Admin')],
      prepare: async () => ({ input: { member: await party(LATE), reason: 'audit' } }),
    },
    {
      tx: 'members:ReinstateMember',
      submit: true,
      allowed: [E('Admin')],
      prepare: async () => ({ input: { member: await party(LATE), reason: 'cleared' } }),
    },
    {
      tx: 'members:GetMember',
      submit: false,
      allowed: [E('Admin'), E('store1'), F('auditor1')],
      prepare: async () => ({ input: { member: await party(E('store1')) } }),
    },
    {
      tx: 'members:ListMembers',
      submit: false,
      allowed: [E('Admin'), F('auditor1')],
      prepare: () => Promise.resolve({ input: { mspId: 'EcommerceMSP' } }),
    },
    { tx: 'members:WhoAmI', submit: false, allowed: ALL, prepare: () => Promise.resolve({ input: {} }) },
    // The directory: every active member and every org admin; an unregistered identity is refused.
    {
      tx: 'members:SearchDirectory',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: { role: 'store' } }),
    },
    {
      tx: 'members:LookupParty',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: { party: 'EcommerceMSP:buyer1' } }),
    },
    {
      tx: 'members:HandlesOf',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: async () => ({ input: { parties: [await party(E('buyer1'))] } }),
    },
    // consortium
    {
      tx: 'consortium:CreateProposal',
      submit: true,
      allowed: ADMINS,
      prepare: async () => ({
        input: {
          kind: 'REGISTER_CURRENCY',
          payload: { code: `AZ${next()}`, name: 'az', decimals: 2, issuer: await party(F('issuer1')) },
        },
      }),
    },
    {
      tx: 'consortium:ApproveProposal',
      submit: true,
      allowed: ADMINS,
      prepare: async () => ({ input: { proposalId: (sharedApproval.id ??= await proposal([])) } }),
    },
    {
      tx: 'consortium:ExecuteProposal',
      submit: true,
      allowed: ADMINS,
      prepare: async () => ({ input: { proposalId: await proposal(['FinanceMSP', 'EnergyMSP']) } }),
    },
    {
      tx: 'consortium:WithdrawProposal',
      submit: true,
      allowed: [F('Admin')],
      prepare: async () => ({ input: { proposalId: await proposal([]), reason: 'r' } }),
    },
    {
      tx: 'consortium:GetProposal',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: async () => ({ input: { proposalId: (sharedApproval.id ??= await proposal([])) } }),
    },
    {
      tx: 'consortium:ListProposals',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: { status: 'OPEN' } }),
    },
    // wallets
    {
      tx: 'wallets:OpenAccount',
      submit: true,
      allowed: MEMBERS,
      prepare: () => Promise.resolve({ input: { accountId: `az-open-${next()}` } }),
    },
    {
      tx: 'wallets:Issue',
      submit: true,
      allowed: [F('issuer1')],
      prepare: () => Promise.resolve({ input: { currency: 'CNY', accountId: 'az-b1', amount: '5' } }),
    },
    {
      tx: 'wallets:Transfer',
      submit: true,
      allowed: [E('buyer1')],
      prepare: () =>
        Promise.resolve({ input: { fromAccountId: 'az-b1', toAccountId: 'az-s1', currency: 'CNY', amount: '1' } }),
    },
    {
      tx: 'wallets:CompactAccount',
      submit: true,
      allowed: [E('buyer1')],
      prepare: () => Promise.resolve({ input: { accountId: 'az-b1', currency: 'CNY' } }),
    },
    {
      tx: 'wallets:RequestRedemption',
      submit: true,
      allowed: [E('buyer1')],
      prepare: () => Promise.resolve({ input: { accountId: 'az-b1', currency: 'CNY', amount: '1' } }),
    },
    {
      tx: 'wallets:ExecuteRedemption',
      submit: true,
      allowed: [F('issuer1')],
      prepare: async () => ({ input: { redemptionId: await redemption() } }),
    },
    {
      tx: 'wallets:RejectRedemption',
      submit: true,
      allowed: [F('issuer1')],
      prepare: async () => ({ input: { redemptionId: await redemption(), reason: 'r' } }),
    },
    {
      tx: 'wallets:CancelRedemption',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { redemptionId: await redemption() } }),
    },
    {
      tx: 'wallets:GetAccount',
      submit: false,
      allowed: [E('buyer1'), F('auditor1')],
      prepare: () => Promise.resolve({ input: { accountId: 'az-b1' } }),
    },
    {
      tx: 'wallets:GetBalance',
      submit: false,
      allowed: [E('buyer1'), F('auditor1')],
      prepare: () => Promise.resolve({ input: { accountId: 'az-b1', currency: 'CNY' } }),
    },
    {
      tx: 'wallets:ListAccounts',
      submit: false,
      allowed: [E('buyer1'), F('auditor1')],
      prepare: async () => ({ input: { owner: await party(E('buyer1')) } }),
    },
    {
      tx: 'wallets:GetRedemption',
      submit: false,
      allowed: [E('buyer1'), F('issuer1'), F('auditor1')],
      prepare: once(async () => ({ input: { redemptionId: await redemption() } })),
    },
    {
      tx: 'wallets:ListRedemptions',
      submit: false,
      allowed: [F('issuer1'), F('auditor1')],
      prepare: () => Promise.resolve({ input: { currency: 'CNY', status: 'REQUESTED' } }),
    },
    {
      tx: 'wallets:GetCurrency',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: { code: 'CNY' } }),
    },
    {
      tx: 'wallets:ListCurrencies',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: {} }),
    },
    // settlements
    {
      tx: 'settlements:RequestSettlement',
      submit: true,
      allowed: [E('buyer1')],
      prepare: () => {
        const no = `az-s1-${next()}`;
        return Promise.resolve({
          input: { storeOrderNo: no, buyerAccountId: 'az-b1', storeAccountId: 'az-s1', currency: 'CNY', amount: '3' },
          transient: { order: orderSnapshot(no, '3') },
        });
      },
    },
    {
      tx: 'settlements:AcknowledgePayment',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({ input: { store: 'EcommerceMSP:store1', storeOrderNo: (await purchase('PLACED')).no } }),
    },
    {
      tx: 'settlements:Ship',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({
        input: {
          store: 'EcommerceMSP:store1',
          storeOrderNo: (await purchase('PAID')).no,
          carrier: 'SF',
          trackingNo: 'X',
        },
      }),
    },
    {
      tx: 'settlements:RecordDelivery',
      submit: true,
      // The logistics feed's oracles: oracle1 alone here (not EnergyMSP's meter oracle, nor any other).
      allowed: [E('oracle1')],
      prepare: async () => {
        logisticsFeed ??= alliance.registerLogisticsFeed();
        await logisticsFeed;
        return { input: { store: 'EcommerceMSP:store1', storeOrderNo: (await purchase('SHIPPED')).no } };
      },
    },
    {
      tx: 'settlements:ConfirmReceipt',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { settlementNo: (await purchase('SHIPPED')).settlementNo, amountToPay: '10' } }),
    },
    {
      tx: 'settlements:SettleExpired',
      submit: true,
      // Anyone: a member, an org admin, an unregistered identity of another org.
      allowed: [F('bank1'), N('Admin'), UNREGISTERED],
      denied: [],
      prepare: async () => ({ input: { settlementNo: (await purchase('EXPIRED')).settlementNo } }),
    },
    {
      tx: 'settlements:Cancel',
      submit: true,
      allowed: [E('buyer1'), E('store1')],
      prepare: async () => ({ input: { settlementNo: (await purchase('PAID')).settlementNo } }),
    },
    {
      tx: 'settlements:Dispute',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { settlementNo: (await purchase('SHIPPED')).settlementNo, reason: 'r' } }),
    },
    {
      tx: 'settlements:Arbitrate',
      submit: true,
      allowed: [E('arbitrator1')],
      prepare: async () => ({
        input: { settlementNo: (await purchase('DISPUTED')).settlementNo, storeAmount: '5', ruling: 'half' },
      }),
    },
    ...(['GetOrder', 'GetOrderDetails', 'GetOrderHistory'] as const).map((name): Case => ({
      tx: `settlements:${name}`,
      submit: false,
      allowed: [E('buyer1'), E('store1'), F('auditor1'), E('arbitrator1')],
      prepare: async () => ({ input: { store: 'EcommerceMSP:store1', storeOrderNo: (await readable()).no } }),
    })),
    ...(['GetSettlement', 'GetSettlementHistory'] as const).map((name): Case => ({
      tx: `settlements:${name}`,
      submit: false,
      allowed: [E('buyer1'), E('store1'), F('auditor1'), E('arbitrator1')],
      prepare: async () => ({ input: { settlementNo: (await placed()).settlementNo } }),
    })),
    ...(['ListOrders', 'ListSettlements'] as const).flatMap((name): Case[] => [
      {
        tx: `settlements:${name} by buyer`,
        submit: false,
        allowed: [E('buyer1'), F('auditor1')],
        prepare: async () => ({ input: { by: 'buyer', value: await party(E('buyer1')) } }),
      },
      {
        tx: `settlements:${name} by store`,
        submit: false,
        allowed: [E('store1'), F('auditor1')],
        prepare: async () => ({ input: { by: 'store', value: await party(E('store1')) } }),
      },
      {
        tx: `settlements:${name} by status`,
        submit: false,
        allowed: [F('auditor1'), E('arbitrator1')],
        prepare: () => Promise.resolve({ input: { by: 'status', value: 'PAID' } }),
      },
    ]),
    // evidence
    {
      tx: 'evidence:RegisterEvidence',
      submit: true,
      allowed: MEMBERS,
      prepare: () => Promise.resolve({ input: { hash: hash('doc'), category: 'contract' } }),
    },
    {
      tx: 'evidence:AnchorBatch',
      submit: true,
      allowed: MEMBERS,
      prepare: () => Promise.resolve({ input: { leaves: [hash('a'), hash('b'), hash('c')], category: 'report' } }),
    },
    {
      tx: 'evidence:VerifyEvidence',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: async () => ({ input: { hash: await singleEvidence() } }),
    },
    ...(['GetEvidence', 'GetEvidenceProof'] as const).map((name): Case => ({
      tx: `evidence:${name}`,
      submit: false,
      allowed: [E('store1'), F('auditor1')],
      prepare: async () => ({ input: { hash: await batchedEvidence() } }),
    })),
    {
      tx: 'evidence:GetBatch',
      submit: false,
      allowed: [E('store1'), F('auditor1')],
      prepare: async () => {
        const verified = await (
          await c(F('auditor1'))
        ).evaluate('evidence:VerifyEvidence', { hash: await batchedEvidence() });
        return { input: { batchId: verified.batch.batchId } };
      },
    },
    {
      tx: 'evidence:ListEvidence',
      submit: false,
      allowed: [E('store1'), F('auditor1')],
      prepare: async () => ({ input: { owner: await party(E('store1')) } }),
    },
    {
      tx: 'evidence:ListAllEvidence',
      submit: false,
      allowed: [F('auditor1')],
      prepare: () => Promise.resolve({ input: {} }),
    },
    // credit
    {
      tx: 'credit:AddCreditRecord',
      submit: true,
      allowed: [F('bank1'), F('bank2'), E('arbitrator1')],
      prepare: async () => ({
        input: {
          subject: await party(E('buyer1')),
          kind: 'CONTRACT_FULFILLED',
          reference: 'contract-1',
          evidenceHash: await singleEvidence(),
        },
      }),
    },
    ...(['ListCreditRecords', 'GetCreditReport'] as const).map((name): Case => ({
      tx: `credit:${name}`,
      submit: false,
      allowed: CREDIT_READERS,
      prepare: async () => ({ input: { subject: await party(E('buyer1')) } }),
    })),
    {
      tx: 'credit:ListCreditListEntries',
      submit: false,
      allowed: [F('bank1'), F('bank2'), F('auditor1'), ...ADMINS],
      prepare: () => Promise.resolve({ input: { status: 'BLACKLISTED' } }),
    },
    // finance: receivables
    {
      tx: 'finance:IssueReceivable',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({
        input: {
          debtor: await party(E('buyer1')),
          currency: 'CNY',
          faceAmount: '100',
          dueAt: dueIn(30 * 86400),
          contractHash: hash('contract'),
          accountId: 'az-s1',
        },
      }),
    },
    {
      tx: 'finance:AcceptReceivable',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { receivableId: await receivable('ISSUED') } }),
    },
    {
      tx: 'finance:RejectReceivable',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { receivableId: await receivable('ISSUED'), reason: 'no such delivery' } }),
    },
    {
      tx: 'finance:TransferReceivable',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({ input: { receivableId: await receivable('ACCEPTED'), toAccountId: 'az-s2' } }),
    },
    {
      tx: 'finance:SplitReceivable',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({
        input: {
          receivableId: await receivable('ACCEPTED'),
          parts: [
            { toAccountId: 'az-s2', amount: '60' },
            { toAccountId: 'az-s1', amount: '40' },
          ],
        },
      }),
    },
    {
      tx: 'finance:RequestFinancing',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({
        input: {
          receivableId: await receivable('ACCEPTED'),
          bank: await party(F('bank1')),
          annualRate: '0.05',
          payoutAccountId: 'az-s1',
        },
      }),
    },
    {
      tx: 'finance:CancelFinancing',
      submit: true,
      allowed: [E('store1'), F('bank1')],
      prepare: async () => ({ input: { receivableId: await receivable('FINANCING_REQUESTED') } }),
    },
    {
      tx: 'finance:FinanceReceivable',
      submit: true,
      allowed: [F('bank1')],
      prepare: async () => ({
        input: { receivableId: await receivable('FINANCING_REQUESTED'), fromAccountId: 'az-bank' },
      }),
    },
    {
      tx: 'finance:RepayReceivable',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { receivableId: await receivable('ACCEPTED'), fromAccountId: 'az-b1' } }),
    },
    {
      tx: 'finance:MarkOverdue',
      submit: true,
      // Anyone: a member, an org admin, an unregistered identity of another org.
      allowed: [F('bank1'), N('Admin'), UNREGISTERED],
      denied: [],
      prepare: async () => ({ input: { receivableId: await receivable('OVERDUE_DUE') } }),
    },
    {
      tx: 'schema:ListStaleRecords',
      submit: false,
      // Any organisation's admin: a migration changes no record's meaning, only how it is stored.
      allowed: ADMINS,
      prepare: () => Promise.resolve({ input: { recordType: MIGRATED_TYPE } }),
    },
    {
      tx: 'schema:MigrateRecords',
      submit: true,
      allowed: ADMINS,
      prepare: () => Promise.resolve({ input: { recordType: MIGRATED_TYPE, keys: [['none']] } }),
    },
    {
      tx: 'oracles:ReportObservation',
      submit: true,
      // The feed's own oracles only: not oracle1, though it holds the oracle role too.
      allowed: [N('meter1')],
      prepare: () => Promise.resolve({ input: { feedId: 'az-meter', roundId: `w-${next()}`, value: '1200' } }),
    },
    {
      tx: 'oracles:GetFeed',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: { feedId: 'az-meter' } }),
    },
    {
      tx: 'oracles:ListFeeds',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: {} }),
    },
    // A meter's readings: its feed's oracles, auditors and the grid organisation's admins (not another org's;
    // an FX feed's rounds are public).
    {
      tx: 'oracles:GetRound',
      submit: false,
      allowed: [N('meter1'), F('auditor1'), N('Admin')],
      prepare: async () => ({ input: { feedId: 'az-meter', roundId: await meterRound() } }),
    },
    {
      tx: 'oracles:ListRounds',
      submit: false,
      allowed: [N('meter1'), F('auditor1'), N('Admin')],
      prepare: () => Promise.resolve({ input: { feedId: 'az-meter' } }),
    },
    {
      tx: 'oracles:GetValue',
      submit: false,
      allowed: [N('meter1'), F('auditor1'), N('Admin')],
      prepare: async () => ({ input: { feedId: 'az-meter', roundId: await meterRound() } }),
    },
    // cross-currency payment
    {
      tx: 'fx:RegisterProvider',
      submit: true,
      // A bank, from its own account.
      allowed: [F('bank1')],
      prepare: () =>
        Promise.resolve({
          input: { providerId: `az-p${next()}`, accountId: 'az-bank', feedId: 'az-fx', spreadBps: 10 },
        }),
    },
    {
      tx: 'fx:SetProviderStatus',
      submit: true,
      allowed: [F('bank1')],
      prepare: async () => {
        const providerId = `az-p${next()}`;
        await (
          await c(F('bank1'))
        ).submit('fx:RegisterProvider', { providerId, accountId: 'az-bank', feedId: 'az-fx', spreadBps: 0 });
        return { input: { providerId, status: 'PAUSED' } };
      },
    },
    {
      tx: 'fx:GetProvider',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: { providerId: 'az-fx-desk' } }),
    },
    {
      tx: 'fx:ListProviders',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: {} }),
    },
    {
      tx: 'fx:RequestQuote',
      submit: true,
      // The owner of the account it pays from (any member).
      allowed: [E('buyer1')],
      prepare: () => Promise.resolve({ input: fxQuoteInput() }),
    },
    {
      tx: 'fx:PayQuote',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { quoteId: await fxQuote(), maxSlippageBps: 0 } }),
    },
    {
      tx: 'fx:CancelQuote',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { quoteId: await fxQuote() } }),
    },
    {
      tx: 'fx:GetQuote',
      submit: false,
      // Payer, payee (store2) and provider (bank1), and auditors.
      allowed: [E('buyer1'), E('store2'), F('bank1'), F('auditor1')],
      prepare: async () => ({ input: { quoteId: await fxQuote() } }),
    },
    {
      tx: 'keeper:ListDue',
      submit: false,
      // Anyone: keepers run under any organisation's identity; the index holds public record ids only.
      allowed: [F('bank1'), N('Admin'), UNREGISTERED],
      denied: [],
      prepare: () => Promise.resolve({ input: {} }),
    },
    ...(['GetReceivable', 'GetReceivableHistory'] as const).map((name): Case => ({
      tx: `finance:${name}`,
      submit: false,
      allowed: [E('store1'), E('buyer1'), F('bank1'), F('auditor1')],
      prepare: async () => ({ input: { receivableId: await readableReceivable() } }),
    })),
    ...(
      [
        ['holder', E('store1')],
        ['creditor', E('store1')],
        ['debtor', E('buyer1')],
      ] as const
    ).map(([by, who]): Case => ({
      tx: `finance:ListReceivables by ${by}`,
      submit: false,
      allowed: [who, F('auditor1')],
      prepare: async () => ({ input: { by, value: await party(who) } }),
    })),
    {
      tx: 'finance:ListReceivables by status',
      submit: false,
      allowed: [F('auditor1')],
      prepare: () => Promise.resolve({ input: { by: 'status', value: 'ACCEPTED' } }),
    },
    // finance: warehouse receipts
    {
      tx: 'finance:IssueReceipt',
      submit: true,
      allowed: [E('store2')],
      prepare: async () => ({
        input: { owner: await party(E('store1')), goods: 'tea', quantity: '5', unit: 't', location: 'WH-1' },
      }),
    },
    {
      tx: 'finance:RequestPledge',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({
        input: {
          receiptId: await receipt('ISSUED'),
          bank: await party(F('bank1')),
          currency: 'CNY',
          loanAmount: '10',
          repayAmount: '11',
          accountId: 'az-s1',
        },
      }),
    },
    {
      tx: 'finance:CancelPledge',
      submit: true,
      allowed: [E('store1'), F('bank1')],
      prepare: async () => ({ input: { receiptId: await receipt('PLEDGE_REQUESTED') } }),
    },
    {
      tx: 'finance:FundPledge',
      submit: true,
      allowed: [F('bank1')],
      prepare: async () => ({ input: { receiptId: await receipt('PLEDGE_REQUESTED'), fromAccountId: 'az-bank' } }),
    },
    {
      tx: 'finance:RepayPledge',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({ input: { receiptId: await receipt('PLEDGED'), fromAccountId: 'az-s1' } }),
    },
    {
      tx: 'finance:CloseReceipt',
      submit: true,
      allowed: [E('store2')],
      prepare: async () => ({ input: { receiptId: await receipt('ISSUED') } }),
    },
    {
      tx: 'finance:GetReceipt',
      submit: false,
      allowed: [E('store1'), E('store2'), F('bank1'), F('auditor1')],
      prepare: async () => ({ input: { receiptId: await readableReceipt() } }),
    },
    ...(
      [
        ['owner', E('store1')],
        ['warehouse', E('store2')],
      ] as const
    ).map(([by, who]): Case => ({
      tx: `finance:ListReceipts by ${by}`,
      submit: false,
      allowed: [who, F('auditor1')],
      prepare: async () => ({ input: { by, value: await party(who) } }),
    })),
    {
      tx: 'finance:ListReceipts by status',
      submit: false,
      allowed: [F('auditor1')],
      prepare: () => Promise.resolve({ input: { by: 'status', value: 'ISSUED' } }),
    },
    // finance: credit lines
    {
      tx: 'finance:GrantCreditLine',
      submit: true,
      allowed: [F('bank1')],
      prepare: async () => ({
        input: { borrower: await party(E('buyer1')), currency: 'CNY', limit: '100', fundingAccountId: 'az-bank' },
      }),
    },
    {
      tx: 'finance:DrawCreditLine',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { lineId: await creditLine('0'), accountId: 'az-b1', amount: '5' } }),
    },
    {
      tx: 'finance:RepayCreditLine',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { lineId: await creditLine('5'), accountId: 'az-b1', amount: '5' } }),
    },
    {
      tx: 'finance:CloseCreditLine',
      submit: true,
      allowed: [F('bank1')],
      prepare: async () => ({ input: { lineId: await creditLine('0') } }),
    },
    {
      tx: 'finance:GetCreditLine',
      submit: false,
      allowed: [E('buyer1'), F('bank1'), F('auditor1')],
      prepare: async () => ({ input: { lineId: await readableLine() } }),
    },
    ...(
      [
        ['borrower', E('buyer1')],
        ['bank', F('bank1')],
      ] as const
    ).map(([by, who]): Case => ({
      tx: `finance:ListCreditLines by ${by}`,
      submit: false,
      allowed: [who, F('auditor1')],
      prepare: async () => ({ input: { by, value: await party(who) } }),
    })),
    // rights
    {
      tx: 'rights:OpenSpace',
      submit: true,
      allowed: MEMBERS,
      prepare: async (actor) => {
        const accountId = `az-pay-${next()}`;
        await (await c(actor)).submit('wallets:OpenAccount', { accountId });
        return { input: { spaceId: `az-space-${next()}`, name: 'space', payoutAccountId: accountId } };
      },
    },
    ...(['GetSpace', 'ListOffers'] as const).map((name): Case => ({
      tx: `rights:${name}`,
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: { spaceId: 'az-shop' } }),
    })),
    {
      tx: 'rights:ResolveEntry',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: async () => ({
        input: {
          entryToken: (await (await c(E('store1'))).evaluate('rights:GetSpace', { spaceId: 'az-shop' })).entryToken,
        },
      }),
    },
    {
      tx: 'rights:BindWallet',
      submit: true,
      allowed: [E('buyer1')],
      prepare: () => Promise.resolve({ input: { spaceId: 'az-shop', accountId: 'az-b1' } }),
    },
    {
      tx: 'rights:RegisterRightClass',
      submit: true,
      allowed: [E('store1')],
      prepare: () => Promise.resolve({ input: rightClass(`az-c-${next()}`, 5) }),
    },
    {
      tx: 'rights:GetRightClass',
      submit: false,
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: () => Promise.resolve({ input: { classId: 'az-class' } }),
    },
    {
      tx: 'rights:ListClassTokens',
      submit: false,
      allowed: [E('store1'), F('auditor1')],
      prepare: () => Promise.resolve({ input: { classId: 'az-class' } }),
    },
    {
      tx: 'rights:PurchaseRight',
      submit: true,
      allowed: [E('buyer1')],
      prepare: () => Promise.resolve({ input: { classId: 'az-class', accountId: 'az-b1' } }),
    },
    {
      tx: 'rights:TransferRight',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { tokenId: await token('HELD'), to: await party(E('buyer2')) } }),
    },
    {
      tx: 'rights:ListForResale',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { tokenId: await token('HELD'), spaceId: 'az-b1-space', price: '12' } }),
    },
    {
      tx: 'rights:CancelResale',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { tokenId: await token('LISTED') } }),
    },
    {
      tx: 'rights:BuyResale',
      submit: true,
      allowed: [E('buyer2')],
      prepare: async () => ({ input: { tokenId: await token('LISTED'), accountId: 'az-b2' } }),
    },
    {
      tx: 'rights:RequestRedemption',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { tokenId: await token('HELD'), method: 'PICKUP' } }),
    },
    {
      tx: 'rights:WithdrawRedemption',
      submit: true,
      allowed: [E('buyer1')],
      prepare: async () => ({ input: { tokenId: await token('REDEEMING') } }),
    },
    {
      tx: 'rights:RefuseRedemption',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({ input: { tokenId: await token('REDEEMING'), reason: 'out of stock' } }),
    },
    {
      tx: 'rights:FulfilRedemption',
      submit: true,
      allowed: [E('store1')],
      prepare: async () => ({ input: { tokenId: await token('REDEEMING') } }),
    },
    {
      tx: 'rights:ConfirmRedemption',
      submit: true,
      // The holder, or an oracle of the logistics feed (oracle1 here; not EnergyMSP's meter oracle).
      allowed: [E('buyer1'), E('oracle1')],
      prepare: async () => ({ input: { tokenId: await token('FULFILLED') } }),
    },
    {
      tx: 'rights:ExpireRedemption',
      submit: true,
      // Anyone: a member, an org admin, an unregistered identity of another org.
      allowed: [F('bank1'), N('Admin'), UNREGISTERED],
      denied: [],
      prepare: async () => ({ input: { tokenId: await token('EXPIRED') } }),
    },
    ...(['GetToken', 'OwnerOf', 'GetProvenance'] as const).map((name): Case => ({
      tx: `rights:${name}`,
      submit: false,
      // The holder, a past holder, the store, auditors: nobody else learns who holds a right.
      allowed: [E('buyer1'), E('buyer2'), E('store1'), F('auditor1')],
      prepare: async () => ({ input: { tokenId: await readableToken() } }),
    })),
    ...(['BalanceOf', 'ListTokens'] as const).map((name): Case => ({
      tx: `rights:${name}`,
      submit: false,
      allowed: [E('buyer1'), F('auditor1')],
      prepare: async () => ({ input: { owner: await party(E('buyer1')) } }),
    })),
    {
      tx: 'energy:RegisterMeter',
      submit: true,
      // The grid organisation: EnergyMSP's admin.
      allowed: [N('Admin')],
      prepare: async () => {
        const feedId = `az-meter-${next()}`;
        await alliance.registerMeterFeed(feedId, [await party(N('meter1'))]);
        return { input: { meterId: feedId, party: await party(N('producer1')), side: 'PRODUCER', feedId } };
      },
    },
    ...(['GetMeter', 'ListMeters'] as const).map((name): Case => ({
      tx: `energy:${name}`,
      submit: false,
      // The meter's party, the grid organisation, auditors.
      allowed: [N('producer1'), N('Admin'), F('auditor1')],
      prepare: async () => ({
        input: name === 'GetMeter' ? { meterId: 'az-mp' } : { party: await party(N('producer1')) },
      }),
    })),
    {
      tx: 'energy:OfferEnergy',
      submit: true,
      allowed: [N('producer1')],
      prepare: () => {
        const at = (s: number) => new Date(alliance.now + s * 1000).toISOString();
        return Promise.resolve({
          input: {
            meterId: 'az-mp',
            accountId: 'az-p',
            windowStart: at(3600),
            windowEnd: at(7200),
            quantityWh: '1000',
            pricePerKwh: '1',
            currency: 'CNY',
            renewable: false,
          },
        });
      },
    },
    ...(['GetOffer', 'ListOffers'] as const).map((name): Case => ({
      tx: `energy:${name}`,
      submit: false,
      // The market: every member and org admin.
      allowed: ALL.filter((u) => key(u) !== key(UNREGISTERED)),
      prepare: async () => ({ input: name === 'GetOffer' ? { offerId: (await energyOffer(false)).offerId } : {} }),
    })),
    {
      tx: 'energy:BuyEnergy',
      submit: true,
      allowed: [N('meter1')],
      prepare: async () => ({
        input: { offerId: (await energyOffer(false)).offerId, meterId: 'az-mc', accountId: 'az-m1', quantityWh: '1' },
      }),
    },
    {
      tx: 'energy:GetPurchase',
      submit: false,
      // Its consumer and producer, auditors.
      allowed: [N('meter1'), N('producer1'), F('auditor1')],
      prepare: async () => ({ input: { purchaseId: (await energyOffer(true)).purchaseId } }),
    },
    {
      tx: 'energy:ListPurchases',
      submit: false,
      allowed: [N('meter1'), F('auditor1')],
      prepare: async () => ({ input: { consumer: await party(N('meter1')) } }),
    },
    {
      tx: 'energy:SettleWindow',
      submit: true,
      // Anyone (the keeper runs under any identity) once the window ended.
      allowed: [F('bank1'), N('Admin'), UNREGISTERED],
      denied: [],
      prepare: async () => ({ input: { offerId: await endedWindow() } }),
    },
    {
      tx: 'energy:GetCertificate',
      submit: false,
      // Its owner and producer, auditors.
      allowed: [N('meter1'), N('producer1'), F('auditor1')],
      prepare: async () => ({ input: { certificateId: await greenCertificate() } }),
    },
    {
      tx: 'energy:ListCertificates',
      submit: false,
      allowed: [N('meter1'), F('auditor1')],
      prepare: async () => ({ input: { owner: await party(N('meter1')) } }),
    },
    {
      tx: 'energy:TransferCertificate',
      submit: true,
      allowed: [N('meter1')],
      prepare: async () => ({
        input: { certificateId: await greenCertificate(), to: await party(N('producer1')) },
      }),
    },
    {
      tx: 'energy:RetireCertificate',
      submit: true,
      allowed: [N('meter1')],
      prepare: async () => ({ input: { certificateId: await greenCertificate(), claim: 'authorization table' } }),
    },
  ];

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(
      STANDARD_ROLES.filter(([msp, user]) => key([msp, user]) !== key(UNREGISTERED) && key([msp, user]) !== key(LATE)),
    );
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    await alliance.registerMeterFeed('az-meter', [await party(N('meter1'))]);
    await alliance.registerCurrency('USD', ['FinanceMSP', 'issuer1']);
    await alliance.registerFeed({
      feedId: 'az-fx',
      kind: 'FX_RATE',
      description: 'USD in CNY',
      oracles: [await party(N('meter1'))],
      quorum: 1,
      maxAgeSeconds: 86_400,
      scale: 4,
      base: 'USD',
      quote: 'CNY',
    });
    await (
      await c(N('meter1'))
    ).submit('oracles:ReportObservation', { feedId: 'az-fx', roundId: 'r1', value: '71234' });
    await (await c(E('buyer1'))).submit('wallets:OpenAccount', { accountId: 'az-b1' });
    await (await c(E('store1'))).submit('wallets:OpenAccount', { accountId: 'az-s1' });
    await (await c(E('store2'))).submit('wallets:OpenAccount', { accountId: 'az-s2' });
    await (await c(F('bank1'))).submit('wallets:OpenAccount', { accountId: 'az-bank' });
    await (await c(F('issuer1'))).submit('wallets:Issue', { currency: 'CNY', accountId: 'az-b1', amount: '1000000' });
    await (await c(F('issuer1'))).submit('wallets:Issue', { currency: 'CNY', accountId: 'az-bank', amount: '1000000' });
    await (await c(F('issuer1'))).submit('wallets:Issue', { currency: 'USD', accountId: 'az-b1', amount: '1000000' });
    await (
      await c(F('bank1'))
    ).submit('fx:RegisterProvider', { providerId: 'az-fx-desk', accountId: 'az-bank', feedId: 'az-fx', spreadBps: 0 });
    await (await c(E('buyer1'))).submit('wallets:OpenAccount', { accountId: 'az-b1-resale' });
    await (await c(E('buyer2'))).submit('wallets:OpenAccount', { accountId: 'az-b2' });
    await (await c(F('issuer1'))).submit('wallets:Issue', { currency: 'CNY', accountId: 'az-b2', amount: '1000000' });
    await (
      await c(E('store1'))
    ).submit('rights:OpenSpace', { spaceId: 'az-shop', name: 'shop', payoutAccountId: 'az-s1' });
    await (
      await c(E('buyer1'))
    ).submit('rights:OpenSpace', { spaceId: 'az-b1-space', name: 'resales', payoutAccountId: 'az-b1-resale' });
    await (await c(E('buyer1'))).submit('rights:BindWallet', { spaceId: 'az-shop', accountId: 'az-b1' });
    await (await c(E('buyer2'))).submit('rights:BindWallet', { spaceId: 'az-shop', accountId: 'az-b2' });
    await (await c(E('buyer2'))).submit('rights:BindWallet', { spaceId: 'az-b1-space', accountId: 'az-b2' });
    await (await c(E('store1'))).submit('rights:RegisterRightClass', rightClass('az-class', 10_000));
    // Energy: producer1's meter on az-meter; meter1, also a consumer here, has a meter on az-meter-c, which
    // bank2, also an oracle here, reads (no party reads its own meter).
    await (
      await c(N('Admin'))
    ).submit('members:ChangeMemberRoles', {
      member: await party(N('meter1')),
      roles: ['oracle', 'energy_consumer'],
      reason: 'a second energy consumer for the table',
    });
    await (
      await c(F('Admin'))
    ).submit('members:ChangeMemberRoles', {
      member: await party(F('bank2')),
      roles: ['bank', 'oracle'],
      reason: 'an oracle of the consumer meter for the table',
    });
    await alliance.registerMeterFeed('az-meter-c', [await party(F('bank2'))]);
    const grid = await c(N('Admin'));
    await grid.submit('energy:RegisterMeter', {
      meterId: 'az-mp',
      party: await party(N('producer1')),
      side: 'PRODUCER',
      feedId: 'az-meter',
    });
    await grid.submit('energy:RegisterMeter', {
      meterId: 'az-mc',
      party: await party(N('meter1')),
      side: 'CONSUMER',
      feedId: 'az-meter-c',
    });
    await (await c(N('producer1'))).submit('wallets:OpenAccount', { accountId: 'az-p' });
    await (await c(N('meter1'))).submit('wallets:OpenAccount', { accountId: 'az-m1' });
    await (await c(F('issuer1'))).submit('wallets:Issue', { currency: 'CNY', accountId: 'az-m1', amount: '1000000' });
  });
  afterAll(() => alliance.close());

  it('covers every transaction of the chaincode', () => {
    const all = Object.entries(contractMetadata().contracts)
      .filter(([name]) => name !== 'org.hyperledger.fabric')
      .flatMap(([contract, spec]) => spec.transactions.map((t) => `${contract}:${t.name}`))
      .sort();
    const covered = [...new Set(CASES.map((k) => k.tx.split(' ')[0]!))].sort();
    expect(covered).toEqual(all);
  });

  it.each(CASES.map((k) => [k.tx, k] as const))(
    '%s',
    async (_name, spec) => {
      const allowedKeys = new Set(spec.allowed.map(key));
      const denied = spec.denied ?? ALL.filter((u) => !allowedKeys.has(key(u)));
      const tx = spec.tx.split(' ')[0]!;
      const first = await spec.prepare(spec.allowed[0]!);
      const refusals = await Promise.all(
        denied.map(async (who) => {
          const client = await c(who);
          const body = await expectCode(client.evaluate(tx, first.input, first), 'FORBIDDEN').catch(
            (e: unknown) => (e as Error).message,
          );
          return [key(who), typeof body === 'string' ? body : body.code] as const;
        }),
      );
      expect(refusals).toEqual(denied.map((who) => [key(who), 'FORBIDDEN']));
      for (const [i, who] of spec.allowed.entries()) {
        const call = i === 0 ? first : await spec.prepare(who);
        const client = await c(who);
        await (spec.submit ? client.submit(tx, call.input, call) : client.evaluate(tx, call.input, call));
      }
    },
    60_000,
  );
});
