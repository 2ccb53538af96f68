/**
 * Every transition of every state machine, allowed and refused, through the ledger. The expected
 * tables are written out here, independently of the chaincode's; a refusal must carry ILLEGAL_STATE
 * and leave the records and balances as they were.
 */
import { ProposalMachine } from './consortium/proposal.states';
import { canTransition } from './lib/state-machine';
import { MemberMachine } from './members/member.states';
import { OrderMachine, SettlementMachine } from './settlements/settlement.states';
import type { ErrorCode } from './lib/errors';
import { Alliance, Client, STANDARD_ROLES, expectCode, orderSnapshot } from './test/alliance';
import { RedemptionMachine } from './wallets/redemption.states';
import { CreditLineMachine, ReceiptMachine, ReceivableMachine } from './finance/finance.states';
import { TokenMachine } from './rights/rights.states';
import { QuoteMachine } from './fx/fx.states';
import { CertificateMachine, OfferMachine, PurchaseMachine } from './energy/energy.states';

const DAY = 24 * 60 * 60;

type ReceivableState =
  'ISSUED' | 'ACCEPTED' | 'REJECTED' | 'FINANCING_REQUESTED' | 'FINANCED' | 'SPLIT' | 'SETTLED' | 'OVERDUE';
type ReceivableStep =
  | 'ACCEPT'
  | 'REJECT'
  | 'TRANSFER'
  | 'SPLIT'
  | 'REQUEST_FINANCING'
  | 'CANCEL_FINANCING'
  | 'FINANCE'
  | 'REPAY'
  | 'MARK_OVERDUE';
/** Expected: the steps each receivable state allows, and the state they lead to. */
const RECEIVABLE: Record<ReceivableState, Partial<Record<ReceivableStep, ReceivableState>>> = {
  ISSUED: { ACCEPT: 'ACCEPTED', REJECT: 'REJECTED' },
  ACCEPTED: {
    TRANSFER: 'ACCEPTED',
    SPLIT: 'SPLIT',
    REQUEST_FINANCING: 'FINANCING_REQUESTED',
    REPAY: 'SETTLED',
    MARK_OVERDUE: 'OVERDUE',
  },
  REJECTED: {},
  FINANCING_REQUESTED: { CANCEL_FINANCING: 'ACCEPTED', FINANCE: 'FINANCED', REPAY: 'SETTLED', MARK_OVERDUE: 'OVERDUE' },
  FINANCED: { REPAY: 'SETTLED', MARK_OVERDUE: 'OVERDUE' },
  SPLIT: {},
  SETTLED: {},
  OVERDUE: { REPAY: 'SETTLED' },
};

type ReceiptState = 'ISSUED' | 'PLEDGE_REQUESTED' | 'PLEDGED' | 'RELEASED' | 'CLOSED';
type ReceiptStep = 'REQUEST_PLEDGE' | 'CANCEL_PLEDGE' | 'FUND_PLEDGE' | 'REPAY' | 'CLOSE';
const RECEIPT: Record<ReceiptState, Partial<Record<ReceiptStep, ReceiptState>>> = {
  ISSUED: { REQUEST_PLEDGE: 'PLEDGE_REQUESTED', CLOSE: 'CLOSED' },
  PLEDGE_REQUESTED: { CANCEL_PLEDGE: 'ISSUED', FUND_PLEDGE: 'PLEDGED' },
  PLEDGED: { REPAY: 'RELEASED' },
  RELEASED: { REQUEST_PLEDGE: 'PLEDGE_REQUESTED', CLOSE: 'CLOSED' },
  CLOSED: {},
};

type LineState = 'ACTIVE' | 'CLOSED';
type LineStep = 'DRAW' | 'REPAY' | 'CLOSE';
const LINE: Record<LineState, Partial<Record<LineStep, LineState>>> = {
  ACTIVE: { DRAW: 'ACTIVE', REPAY: 'ACTIVE', CLOSE: 'CLOSED' },
  CLOSED: {},
};

type TokenState = 'HELD' | 'LISTED' | 'REDEEMING' | 'FULFILLED' | 'BURNED';
type TokenStep =
  | 'TRANSFER'
  | 'LIST'
  | 'CANCEL_LISTING'
  | 'BUY_RESALE'
  | 'REQUEST_REDEMPTION'
  | 'WITHDRAW_REDEMPTION'
  | 'REFUSE_REDEMPTION'
  | 'FULFIL_REDEMPTION'
  | 'CONFIRM_REDEMPTION'
  | 'EXPIRE_REDEMPTION';
/** Expected: only a HELD token moves; a listed one is sold or withdrawn, a redeeming one locked, a burned one final. */
const TOKEN: Record<TokenState, Partial<Record<TokenStep, TokenState>>> = {
  HELD: { TRANSFER: 'HELD', LIST: 'LISTED', REQUEST_REDEMPTION: 'REDEEMING' },
  LISTED: { CANCEL_LISTING: 'HELD', BUY_RESALE: 'HELD' },
  REDEEMING: { WITHDRAW_REDEMPTION: 'HELD', REFUSE_REDEMPTION: 'HELD', FULFIL_REDEMPTION: 'FULFILLED' },
  FULFILLED: { CONFIRM_REDEMPTION: 'BURNED', EXPIRE_REDEMPTION: 'BURNED' },
  BURNED: {},
};

/** Whether the chaincode's table is exactly the expected one. */
function expectTable<S extends string, A extends string>(
  machine: { transitions: Readonly<Record<A, { from: readonly S[]; to: S }>> },
  expected: Record<S, Partial<Record<A, S>>>,
  steps: readonly A[],
): void {
  for (const [state, allows] of Object.entries(expected) as [S, Partial<Record<A, S>>][]) {
    for (const step of steps) {
      const t = machine.transitions[step];
      const actual = t.from.includes(state) ? t.to : undefined;
      expect({ state, step, to: actual }).toEqual({ state, step, to: allows[step] });
    }
  }
}

/**
 * Runs every (state, step) case, each on its own record: reaches each state, then attempts the
 * step, and compares outcome and resulting state with the table; a refusal changes nothing. A step
 * the table does not allow is refused as `refusedAs` says from the record before it (ILLEGAL_STATE,
 * unless the caller is no party of the record yet: then FORBIDDEN, which hides its state).
 */
async function everyCase<S extends string, A extends string>(
  table: Record<S, Partial<Record<A, S>>>,
  steps: readonly A[],
  reach: (i: number, state: S, step: A) => Promise<string>,
  perform: (i: number, id: string, state: S, step: A) => Promise<unknown>,
  read: (id: string) => Promise<{ status: string }>,
  beforePerform: () => Promise<void> = () => Promise.resolve(),
  extraProbe: (i: number) => Promise<unknown> = () => Promise.resolve(null),
  refusedAs: (record: { status: string }, step: A) => ErrorCode = () => 'ILLEGAL_STATE',
): Promise<void> {
  const cases = (Object.keys(table) as S[]).flatMap((state) => steps.map((step) => ({ state, step })));
  const ids: string[] = [];
  for (const [i, c] of cases.entries()) ids.push(await reach(i, c.state, c.step));
  await beforePerform();
  const probe = (i: number) => Promise.all([read(ids[i]!), extraProbe(i)]);
  const before = await Promise.all(cases.map((_c, i) => probe(i)));
  // One case at a time: the steps of different cases move money between shared accounts.
  const outcomes: string[] = [];
  for (const [i, { state, step }] of cases.entries()) {
    try {
      await perform(i, ids[i]!, state, step);
      outcomes.push('OK');
    } catch (err) {
      outcomes.push(
        (
          await expectCode(
            Promise.reject(err instanceof Error ? err : new Error(String(err))),
            refusedAs(before[i]![0], step),
          )
        ).code,
      );
    }
  }
  const after = await Promise.all(cases.map((_c, i) => probe(i)));
  expect(
    cases.map(({ state, step }, i) => ({
      state,
      step,
      outcome: outcomes[i],
      after: table[state][step] ? after[i]![0].status : after[i],
    })),
  ).toEqual(
    cases.map(({ state, step }, i) => ({
      state,
      step,
      outcome: table[state][step] ? 'OK' : refusedAs(before[i]![0], step),
      after: table[state][step] ?? before[i],
    })),
  );
}

type Purchase = 'PLACED' | 'PAID' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'DISPUTED' | 'ARBITRATED';
type Step = 'UPDATE' | 'ACKNOWLEDGE' | 'SHIP' | 'DELIVER' | 'CONFIRM' | 'EXPIRE' | 'CANCEL' | 'DISPUTE' | 'ARBITRATE';

/** Expected: which steps each purchase state allows, and where they lead (order status, settlement status). */
const PURCHASE: Record<Purchase, { settlement: string; allows: Partial<Record<Step, [string, string]>> }> = {
  PLACED: {
    settlement: 'PAID',
    allows: { UPDATE: ['PLACED', 'PAID'], ACKNOWLEDGE: ['PAID', 'PAID'], CANCEL: ['CANCELLED', 'CANCELLED'] },
  },
  PAID: {
    settlement: 'PAID',
    allows: { UPDATE: ['PLACED', 'PAID'], SHIP: ['SHIPPED', 'PAID'], CANCEL: ['CANCELLED', 'CANCELLED'] },
  },
  SHIPPED: {
    settlement: 'PAID',
    allows: {
      DELIVER: ['DELIVERED', 'PAID'],
      CONFIRM: ['COMPLETED', 'COMPLETED'],
      EXPIRE: ['COMPLETED', 'COMPLETED'],
      DISPUTE: ['DISPUTED', 'DISPUTED'],
    },
  },
  DELIVERED: {
    settlement: 'PAID',
    allows: {
      CONFIRM: ['COMPLETED', 'COMPLETED'],
      EXPIRE: ['COMPLETED', 'COMPLETED'],
      DISPUTE: ['DISPUTED', 'DISPUTED'],
    },
  },
  COMPLETED: { settlement: 'COMPLETED', allows: {} },
  CANCELLED: { settlement: 'CANCELLED', allows: {} },
  DISPUTED: { settlement: 'DISPUTED', allows: { ARBITRATE: ['ARBITRATED', 'ARBITRATED'] } },
  ARBITRATED: { settlement: 'ARBITRATED', allows: {} },
};
const STEPS: Step[] = [
  'UPDATE',
  'ACKNOWLEDGE',
  'SHIP',
  'DELIVER',
  'CONFIRM',
  'EXPIRE',
  'CANCEL',
  'DISPUTE',
  'ARBITRATE',
];

describe('state machines', () => {
  let alliance: Alliance;
  let buyer: Client;
  let store: Client;
  let oracle: Client;
  let arbitrator: Client;
  let bank: Client;
  let auditor: Client;
  let issuer: Client;

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(STANDARD_ROLES);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    await alliance.registerLogisticsFeed();
    [buyer, store, oracle, arbitrator, bank, auditor, issuer] = await Promise.all([
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('EcommerceMSP', 'store1'),
      alliance.client('EcommerceMSP', 'oracle1'),
      alliance.client('EcommerceMSP', 'arbitrator1'),
      alliance.client('FinanceMSP', 'bank1'),
      alliance.client('FinanceMSP', 'auditor1'),
      alliance.client('FinanceMSP', 'issuer1'),
    ]);
  });
  afterAll(() => alliance.close());

  it('the chaincode tables are the expected ones', () => {
    for (const [state, spec] of Object.entries(PURCHASE) as [Purchase, (typeof PURCHASE)[Purchase]][]) {
      for (const step of STEPS) {
        const expected = spec.allows[step];
        const allowed =
          canTransition(OrderMachine, state, step) && canTransition(SettlementMachine, spec.settlement as 'PAID', step);
        expect({ state, step, allowed }).toEqual({ state, step, allowed: expected !== undefined });
        if (expected) {
          expect([OrderMachine.transitions[step].to, SettlementMachine.transitions[step].to]).toEqual(expected);
        }
      }
    }
  });

  describe('store order and settlement: every state × every step', () => {
    const cases = (Object.keys(PURCHASE) as Purchase[]).flatMap((state) => STEPS.map((step) => ({ state, step })));

    const balance = (accountId: string) => auditor.evaluate('wallets:GetBalance', { accountId, currency: 'CNY' });

    /** Brings case `i`'s purchase into `state`: each case has its own buyer account and store account. */
    async function reach(i: number, state: Purchase): Promise<{ no: string; settlementNo: string }> {
      const no = `ts${i}-1`;
      const r = await buyer.submit(
        'settlements:RequestSettlement',
        { storeOrderNo: no, buyerAccountId: `tb${i}`, storeAccountId: `ts${i}`, currency: 'CNY', amount: '100' },
        { transient: { order: orderSnapshot(no, '100') } },
      );
      const settlementNo: string = r.settlement.settlementNo;
      const path: Record<Purchase, (() => Promise<unknown>)[]> = {
        PLACED: [],
        PAID: [ack],
        SHIPPED: [ack, ship],
        DELIVERED: [ack, ship, deliver],
        COMPLETED: [ack, ship, () => buyer.submit('settlements:ConfirmReceipt', { settlementNo, amountToPay: '100' })],
        CANCELLED: [() => buyer.submit('settlements:Cancel', { settlementNo })],
        DISPUTED: [ack, ship, dispute],
        ARBITRATED: [
          ack,
          ship,
          dispute,
          () => arbitrator.submit('settlements:Arbitrate', { settlementNo, storeAmount: '10', ruling: 'r' }),
        ],
      };
      for (const stepFn of path[state]) await stepFn();
      return { no, settlementNo };

      function ack() {
        return store.submit('settlements:AcknowledgePayment', { store: 'EcommerceMSP:store1', storeOrderNo: no });
      }
      function ship() {
        return store.submit('settlements:Ship', {
          store: 'EcommerceMSP:store1',
          storeOrderNo: no,
          carrier: 'SF',
          trackingNo: 'T',
        });
      }
      function deliver() {
        return oracle.submit('settlements:RecordDelivery', { store: 'EcommerceMSP:store1', storeOrderNo: no });
      }
      function dispute() {
        return buyer.submit('settlements:Dispute', { settlementNo, reason: 'broken' });
      }
    }

    function perform(step: Step, no: string, settlementNo: string): Promise<unknown> {
      switch (step) {
        case 'UPDATE':
          return buyer.submit(
            'settlements:RequestSettlement',
            {
              storeOrderNo: no,
              buyerAccountId: no.replace(/^ts(\d+)-1$/, 'tb$1'),
              storeAccountId: no.slice(0, -2),
              currency: 'CNY',
              amount: '120',
            },
            { transient: { order: orderSnapshot(no, '120') } },
          );
        case 'ACKNOWLEDGE':
          return store.submit('settlements:AcknowledgePayment', { store: 'EcommerceMSP:store1', storeOrderNo: no });
        case 'SHIP':
          return store.submit('settlements:Ship', {
            store: 'EcommerceMSP:store1',
            storeOrderNo: no,
            carrier: 'SF',
            trackingNo: 'T2',
          });
        case 'DELIVER':
          return oracle.submit('settlements:RecordDelivery', { store: 'EcommerceMSP:store1', storeOrderNo: no });
        case 'CONFIRM':
          return buyer.submit('settlements:ConfirmReceipt', { settlementNo, amountToPay: '100' });
        case 'EXPIRE':
          return bank.submit('settlements:SettleExpired', { settlementNo });
        case 'CANCEL':
          return buyer.submit('settlements:Cancel', { settlementNo });
        case 'DISPUTE':
          return buyer.submit('settlements:Dispute', { settlementNo, reason: 'late' });
        case 'ARBITRATE':
          return arbitrator.submit('settlements:Arbitrate', { settlementNo, storeAmount: '50', ruling: 'split' });
      }
    }

    it(`allows exactly the expected steps (${cases.length} cases) and refuses the others with ILLEGAL_STATE, writing nothing`, async () => {
      await Promise.all(
        cases.map(async (_c, i) => {
          await buyer.submit('wallets:OpenAccount', { accountId: `tb${i}` });
          await store.submit('wallets:OpenAccount', { accountId: `ts${i}` });
        }),
      );
      for (let i = 0; i < cases.length; i++) {
        await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: `tb${i}`, amount: '1000' });
      }
      const reached = await Promise.all(cases.map((c, i) => reach(i, c.state)));

      const probe = (i: number) =>
        Promise.all([
          auditor.evaluate('settlements:GetOrder', { store: 'EcommerceMSP:store1', storeOrderNo: reached[i]!.no }),
          auditor.evaluate('settlements:GetSettlement', { settlementNo: reached[i]!.settlementNo }),
          balance(`tb${i}`),
          balance(`ts${i}`),
        ]);
      const before = await Promise.all(cases.map((_c, i) => probe(i)));
      const attempt = async (step: Step, i: number): Promise<string> => {
        try {
          await perform(step, reached[i]!.no, reached[i]!.settlementNo);
          return 'OK';
        } catch (err) {
          return (
            await expectCode(Promise.reject(err instanceof Error ? err : new Error(String(err))), 'ILLEGAL_STATE')
          ).code;
        }
      };
      // Every step but EXPIRE within the time limit, then EXPIRE past every release deadline, so that
      // each is decided by the state tables alone (the deadline rule has tests of its own).
      const outcomes: string[] = [];
      await Promise.all(
        cases.map(async ({ step }, i) => {
          if (step !== 'EXPIRE') outcomes[i] = await attempt(step, i);
        }),
      );
      alliance.advance(10 * DAY + 1);
      await Promise.all(
        cases.map(async ({ step }, i) => {
          if (step === 'EXPIRE') outcomes[i] = await attempt(step, i);
        }),
      );
      const after = await Promise.all(cases.map((_c, i) => probe(i)));

      const table = cases.map(({ state, step }, i) => {
        const expected = PURCHASE[state].allows[step];
        const [order, settlement] = after[i]!;
        return {
          state,
          step,
          outcome: outcomes[i],
          statuses: expected ? [order.status, settlement.status] : after[i],
        };
      });
      expect(table).toEqual(
        cases.map(({ state, step }, i) => {
          const expected = PURCHASE[state].allows[step];
          return { state, step, outcome: expected ? 'OK' : 'ILLEGAL_STATE', statuses: expected ?? before[i] };
        }),
      );
    }, 120_000);
  });

  it('member: SUSPEND and REINSTATE from ACTIVE and SUSPENDED', async () => {
    const admin = await alliance.client('EnergyMSP', 'Admin');
    const member = await alliance.party('EnergyMSP', 'producer1');
    const get = () => admin.evaluate('members:GetMember', { member });
    expect(canTransition(MemberMachine, 'ACTIVE', 'REINSTATE')).toBe(false);
    await alliance.expectRefused(
      () => admin.submit('members:ReinstateMember', { member, reason: 'r' }),
      'ILLEGAL_STATE',
      [get],
    );
    expect((await admin.submit('members:SuspendMember', { member, reason: 'r' })).status).toBe('SUSPENDED');
    await alliance.expectRefused(
      () => admin.submit('members:SuspendMember', { member, reason: 'r' }),
      'ILLEGAL_STATE',
      [get],
    );
    expect((await admin.submit('members:ReinstateMember', { member, reason: 'r' })).status).toBe('ACTIVE');
  });

  it('proposal: APPROVE, EXECUTE and WITHDRAW from OPEN, EXECUTED and WITHDRAWN', async () => {
    const finance = await alliance.client('FinanceMSP', 'Admin');
    const energy = await alliance.client('EnergyMSP', 'Admin');
    const issuerParty = await alliance.party('FinanceMSP', 'issuer1');
    const propose = async (code: string): Promise<string> => {
      const created = await finance.submit('consortium:CreateProposal', {
        kind: 'REGISTER_CURRENCY',
        payload: { code, name: code, decimals: 2, issuer: issuerParty },
      });
      return String(created.proposalId);
    };
    const get = (proposalId: string) => () => finance.evaluate('consortium:GetProposal', { proposalId });
    const attempt = (name: string, proposalId: string, by = finance) =>
      by.submit(`consortium:${name}`, name === 'WithdrawProposal' ? { proposalId, reason: 'r' } : { proposalId });

    // OPEN: approve and withdraw are allowed; execute waits for a majority (ILLEGAL_STATE until then).
    const open = await propose('TSTA');
    expect((await attempt('ApproveProposal', open)).status).toBe('OPEN');
    await alliance.expectRefused(() => attempt('ExecuteProposal', open), 'ILLEGAL_STATE', [get(open)]);
    expect((await attempt('ApproveProposal', open, energy)).approvals).toHaveLength(2);
    expect((await attempt('ExecuteProposal', open)).status).toBe('EXECUTED');
    const toWithdraw = await propose('TSTB');
    expect((await attempt('WithdrawProposal', toWithdraw)).status).toBe('WITHDRAWN');

    for (const [status, id] of [
      ['EXECUTED', open],
      ['WITHDRAWN', toWithdraw],
    ] as const) {
      for (const action of ['APPROVE', 'EXECUTE', 'WITHDRAW'] as const) {
        expect(canTransition(ProposalMachine, status, action)).toBe(false);
        const name = { APPROVE: 'ApproveProposal', EXECUTE: 'ExecuteProposal', WITHDRAW: 'WithdrawProposal' }[action];
        // The proposing org (Finance) may withdraw; any admin may approve or execute.
        const by = action === 'WITHDRAW' ? finance : energy;
        await alliance.expectRefused(() => attempt(name, id, by), 'ILLEGAL_STATE', [get(id)]);
      }
    }
  });

  it('redemption: EXECUTE, REJECT and CANCEL from every status', async () => {
    await buyer.submit('wallets:OpenAccount', { accountId: 'red' });
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'red', amount: '1000' });
    const request = async (): Promise<string> => {
      const r = await buyer.submit('wallets:RequestRedemption', { accountId: 'red', currency: 'CNY', amount: '10' });
      return String(r.redemptionId);
    };
    const act = (action: 'EXECUTE' | 'REJECT' | 'CANCEL', redemptionId: string) =>
      action === 'EXECUTE'
        ? issuer.submit('wallets:ExecuteRedemption', { redemptionId })
        : action === 'REJECT'
          ? issuer.submit('wallets:RejectRedemption', { redemptionId, reason: 'r' })
          : buyer.submit('wallets:CancelRedemption', { redemptionId });
    const ACTIONS = ['EXECUTE', 'REJECT', 'CANCEL'] as const;
    const TARGET = { EXECUTE: 'EXECUTED', REJECT: 'REJECTED', CANCEL: 'CANCELLED' } as const;

    const closed: Record<string, string> = {};
    for (const action of ACTIONS) {
      expect(canTransition(RedemptionMachine, 'REQUESTED', action)).toBe(true);
      const id = await request();
      expect((await act(action, id)).status).toBe(TARGET[action]);
      closed[TARGET[action]] = id;
    }
    const probes = (id: string) => [
      () => buyer.evaluate('wallets:GetRedemption', { redemptionId: id }),
      () => balance(),
      () => auditor.evaluate('wallets:GetCurrency', { code: 'CNY' }),
    ];
    for (const [status, id] of Object.entries(closed)) {
      for (const action of ACTIONS) {
        expect(canTransition(RedemptionMachine, status as 'EXECUTED', action)).toBe(false);
        await alliance.expectRefused(() => act(action, id), 'ILLEGAL_STATE', probes(id));
      }
    }
    function balance() {
      return auditor.evaluate('wallets:GetBalance', { accountId: 'red', currency: 'CNY' });
    }
  });

  it('quote: PAY and CANCEL from QUOTED, PAID and CANCELLED', async () => {
    await alliance.registerCurrency('USD', ['FinanceMSP', 'issuer1']);
    await alliance.registerFeed({
      feedId: 'tr-usd-cny',
      kind: 'FX_RATE',
      description: 'USD in CNY',
      oracles: ['EcommerceMSP:oracle1'],
      quorum: 1,
      maxAgeSeconds: 86_400,
      scale: 4,
      base: 'USD',
      quote: 'CNY',
    });
    await oracle.submit('oracles:ReportObservation', { feedId: 'tr-usd-cny', roundId: 'r1', value: '71234' });
    await bank.submit('wallets:OpenAccount', { accountId: 'tr-fx' });
    await buyer.submit('wallets:OpenAccount', { accountId: 'tr-usd' });
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'tr-fx', amount: '100000' });
    await issuer.submit('wallets:Issue', { currency: 'USD', accountId: 'tr-usd', amount: '100000' });
    await bank.submit('fx:RegisterProvider', {
      providerId: 'tr-fx',
      accountId: 'tr-fx',
      feedId: 'tr-usd-cny',
      spreadBps: 0,
    });
    const quote = async (): Promise<string> =>
      String(
        (
          await buyer.submit('fx:RequestQuote', {
            providerId: 'tr-fx',
            fromAccountId: 'tr-usd',
            toAccountId: 'tr-usd',
            payCurrency: 'USD',
            receiveCurrency: 'CNY',
            receiveAmount: '712',
          })
        ).quoteId,
      );
    const act = (action: 'PAY' | 'CANCEL', quoteId: string) =>
      action === 'PAY'
        ? buyer.submit('fx:PayQuote', { quoteId, maxSlippageBps: 0 })
        : buyer.submit('fx:CancelQuote', { quoteId });
    const TARGET = { PAY: 'PAID', CANCEL: 'CANCELLED' } as const;
    const closed: Record<string, string> = {};
    for (const action of ['PAY', 'CANCEL'] as const) {
      expect(canTransition(QuoteMachine, 'QUOTED', action)).toBe(true);
      const id = await quote();
      expect((await act(action, id)).status).toBe(TARGET[action]);
      closed[TARGET[action]] = id;
    }
    const probes = (id: string) => [
      () => buyer.evaluate('fx:GetQuote', { quoteId: id }),
      () => auditor.evaluate('wallets:GetBalance', { accountId: 'tr-usd', currency: 'USD' }),
      () => auditor.evaluate('wallets:GetBalance', { accountId: 'tr-fx', currency: 'CNY' }),
    ];
    for (const [status, id] of Object.entries(closed)) {
      for (const action of ['PAY', 'CANCEL'] as const) {
        expect(canTransition(QuoteMachine, status as 'PAID', action)).toBe(false);
        await alliance.expectRefused(() => act(action, id), 'ILLEGAL_STATE', probes(id));
      }
    }
  });

  it('energy: an offer BUY and SETTLE from OPEN; a purchase SETTLE once; a certificate TRANSFER and RETIRE from ACTIVE', async () => {
    const admin = await alliance.client('EnergyMSP', 'Admin');
    const producer = await alliance.client('EnergyMSP', 'producer1');
    const consumer = await alliance.client('EnergyMSP', 'consumer1');
    const parties = {
      producer: await alliance.party('EnergyMSP', 'producer1'),
      consumer: await alliance.party('EnergyMSP', 'consumer1'),
      buyer: await alliance.party('EcommerceMSP', 'buyer1'),
    };
    for (const [meterId, party, side] of [
      ['tr-mp', parties.producer, 'PRODUCER'],
      ['tr-mc', parties.consumer, 'CONSUMER'],
    ] as const) {
      await alliance.registerMeterFeed(meterId, ['EcommerceMSP:oracle1']);
      await admin.submit('energy:RegisterMeter', { meterId, party, side, feedId: meterId });
    }
    await producer.submit('wallets:OpenAccount', { accountId: 'tr-ep' });
    await consumer.submit('wallets:OpenAccount', { accountId: 'tr-ec' });
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'tr-ec', amount: '100000' });
    const at = (seconds: number) => new Date(alliance.now + seconds * 1000).toISOString();
    const offer = await producer.submit('energy:OfferEnergy', {
      meterId: 'tr-mp',
      accountId: 'tr-ep',
      windowStart: at(60),
      windowEnd: at(120),
      quantityWh: '2000000',
      pricePerKwh: '10',
      currency: 'CNY',
      renewable: true,
      readingGraceSeconds: 60,
    });
    const offerId = String(offer.offerId);
    const buy = () =>
      consumer.submit('energy:BuyEnergy', { offerId, meterId: 'tr-mc', accountId: 'tr-ec', quantityWh: '1000000' });
    expect(canTransition(OfferMachine, 'OPEN', 'BUY')).toBe(true);
    const purchase = await buy();
    expect(purchase.status).toBe('FROZEN');
    expect((await consumer.evaluate('energy:GetOffer', { offerId })).status).toBe('OPEN');
    alliance.advance(121);
    // The meters read the window once it has ended.
    for (const feedId of ['tr-mp', 'tr-mc']) {
      await oracle.submit('oracles:ReportObservation', { feedId, roundId: offerId, value: '1000000' });
    }
    expect(canTransition(OfferMachine, 'OPEN', 'SETTLE')).toBe(true);
    expect(canTransition(PurchaseMachine, 'FROZEN', 'SETTLE')).toBe(true);
    expect((await consumer.submit('energy:SettleWindow', { offerId })).status).toBe('SETTLED');
    expect((await consumer.evaluate('energy:GetPurchase', { purchaseId: purchase.purchaseId })).status).toBe('SETTLED');
    const probes = [
      () => consumer.evaluate('energy:GetOffer', { offerId }),
      () => consumer.evaluate('energy:GetPurchase', { purchaseId: purchase.purchaseId }),
      () => auditor.evaluate('wallets:GetBalance', { accountId: 'tr-ec', currency: 'CNY' }),
    ];
    expect(canTransition(OfferMachine, 'SETTLED', 'BUY')).toBe(false);
    expect(canTransition(OfferMachine, 'SETTLED', 'SETTLE')).toBe(false);
    expect(canTransition(PurchaseMachine, 'SETTLED', 'SETTLE')).toBe(false);
    await alliance.expectRefused(buy, 'ILLEGAL_STATE', probes);
    await alliance.expectRefused(() => consumer.submit('energy:SettleWindow', { offerId }), 'ILLEGAL_STATE', probes);

    const certificateId = `${String(purchase.purchaseId)}.gc`;
    const get = () => consumer.evaluate('energy:GetCertificate', { certificateId });
    expect(canTransition(CertificateMachine, 'ACTIVE', 'TRANSFER')).toBe(true);
    expect(canTransition(CertificateMachine, 'ACTIVE', 'RETIRE')).toBe(true);
    expect((await get()).status).toBe('ACTIVE');
    const retired = await consumer.submit('energy:RetireCertificate', { certificateId, claim: 'transitions' });
    expect(retired.status).toBe('RETIRED');
    expect(canTransition(CertificateMachine, 'RETIRED', 'TRANSFER')).toBe(false);
    expect(canTransition(CertificateMachine, 'RETIRED', 'RETIRE')).toBe(false);
    await alliance.expectRefused(
      () => consumer.submit('energy:TransferCertificate', { certificateId, to: parties.buyer }),
      'ILLEGAL_STATE',
      [get],
    );
    await alliance.expectRefused(
      () => consumer.submit('energy:RetireCertificate', { certificateId, claim: 'twice' }),
      'ILLEGAL_STATE',
      [get],
    );
  });

  describe('supply-chain finance: every state × every step', () => {
    const RECEIVABLE_STEPS: ReceivableStep[] = [
      'ACCEPT',
      'REJECT',
      'TRANSFER',
      'SPLIT',
      'REQUEST_FINANCING',
      'CANCEL_FINANCING',
      'FINANCE',
      'REPAY',
      'MARK_OVERDUE',
    ];
    const RECEIPT_STEPS: ReceiptStep[] = ['REQUEST_PLEDGE', 'CANCEL_PLEDGE', 'FUND_PLEDGE', 'REPAY', 'CLOSE'];
    const LINE_STEPS: LineStep[] = ['DRAW', 'REPAY', 'CLOSE'];
    let parties: Record<'buyer' | 'store' | 'store2' | 'bank', string>;
    let store2: Client;
    let energy: Client;

    beforeAll(async () => {
      store2 = await alliance.client('EcommerceMSP', 'store2');
      energy = await alliance.client('EnergyMSP', 'producer1');
      parties = {
        buyer: await alliance.party('EcommerceMSP', 'buyer1'),
        store: await alliance.party('EcommerceMSP', 'store1'),
        store2: await alliance.party('EcommerceMSP', 'store2'),
        bank: await alliance.party('FinanceMSP', 'bank1'),
      };
      await Promise.all([
        store.submit('wallets:OpenAccount', { accountId: 'f-store' }),
        store2.submit('wallets:OpenAccount', { accountId: 'f-store2' }),
        bank.submit('wallets:OpenAccount', { accountId: 'f-bank' }),
        buyer.submit('wallets:OpenAccount', { accountId: 'f-buyer' }),
      ]);
      for (const accountId of ['f-bank', 'f-buyer', 'f-store']) {
        await issuer.submit('wallets:Issue', { currency: 'CNY', accountId, amount: '1000000' });
      }
    });

    it('the chaincode tables are the expected ones', () => {
      expectTable(ReceivableMachine, RECEIVABLE, RECEIVABLE_STEPS);
      expectTable(ReceiptMachine, RECEIPT, RECEIPT_STEPS);
      expectTable(CreditLineMachine, LINE, LINE_STEPS);
    });

    it('receivables: 8 states × 9 steps', async () => {
      const start = alliance.now;
      const toMarkOverdue: string[] = [];
      const holderOf = (state: ReceivableState): Client => (state === 'FINANCED' ? bank : store);
      await everyCase<ReceivableState, ReceivableStep>(
        RECEIVABLE,
        RECEIVABLE_STEPS,
        async (i, state, step) => {
          // Receivables that must fall due during the test are due in one day, the others in 60.
          const short = state === 'OVERDUE' || step === 'MARK_OVERDUE';
          const r = await store.submit('finance:IssueReceivable', {
            debtor: parties.buyer,
            currency: 'CNY',
            faceAmount: '100',
            dueAt: new Date(start + (short ? 1 : 60) * DAY * 1000).toISOString(),
            contractHash: 'c'.repeat(63) + String(i % 10),
            accountId: 'f-store',
          });
          const receivableId = String(r.receivableId);
          if (step === 'REPAY') {
            await buyer.submit('wallets:OpenAccount', { accountId: `rd${i}` });
            await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: `rd${i}`, amount: '1000' });
          }
          const request = () =>
            store.submit('finance:RequestFinancing', {
              receivableId,
              bank: parties.bank,
              annualRate: '0.05',
              payoutAccountId: 'f-store',
            });
          const accept = () => buyer.submit('finance:AcceptReceivable', { receivableId });
          const path: Record<ReceivableState, (() => Promise<unknown>)[]> = {
            ISSUED: [],
            ACCEPTED: [accept],
            REJECTED: [() => buyer.submit('finance:RejectReceivable', { receivableId, reason: 'r' })],
            FINANCING_REQUESTED: [accept, request],
            FINANCED: [
              accept,
              request,
              () => bank.submit('finance:FinanceReceivable', { receivableId, fromAccountId: 'f-bank' }),
            ],
            SPLIT: [
              accept,
              () =>
                store.submit('finance:SplitReceivable', {
                  receivableId,
                  parts: [
                    { toAccountId: 'f-store', amount: '30' },
                    { toAccountId: 'f-store2', amount: '70' },
                  ],
                }),
            ],
            SETTLED: [
              accept,
              () => buyer.submit('finance:RepayReceivable', { receivableId, fromAccountId: 'f-buyer' }),
            ],
            OVERDUE: [accept],
          };
          for (const stepFn of path[state]) await stepFn();
          if (state === 'OVERDUE') toMarkOverdue.push(receivableId);
          return receivableId;
        },
        (i, receivableId, state, step) => {
          const holder = holderOf(state);
          switch (step) {
            case 'ACCEPT':
              return buyer.submit('finance:AcceptReceivable', { receivableId });
            case 'REJECT':
              return buyer.submit('finance:RejectReceivable', { receivableId, reason: 'r' });
            case 'TRANSFER':
              return holder.submit('finance:TransferReceivable', { receivableId, toAccountId: 'f-store2' });
            case 'SPLIT':
              return holder.submit('finance:SplitReceivable', {
                receivableId,
                parts: [
                  { toAccountId: 'f-store2', amount: '50' },
                  { toAccountId: 'f-store2', amount: '50' },
                ],
              });
            case 'REQUEST_FINANCING':
              return holder.submit('finance:RequestFinancing', {
                receivableId,
                bank: parties.bank,
                annualRate: '0.05',
                payoutAccountId: state === 'FINANCED' ? 'f-bank' : 'f-store',
              });
            case 'CANCEL_FINANCING':
              return holder.submit('finance:CancelFinancing', { receivableId });
            case 'FINANCE':
              return bank.submit('finance:FinanceReceivable', { receivableId, fromAccountId: 'f-bank' });
            case 'REPAY':
              return buyer.submit('finance:RepayReceivable', { receivableId, fromAccountId: `rd${i}` });
            case 'MARK_OVERDUE':
              return energy.submit('finance:MarkOverdue', { receivableId });
          }
        },
        (receivableId) => auditor.evaluate('finance:GetReceivable', { receivableId }),
        async () => {
          // Past the short due dates: the OVERDUE cases fall due, and MARK_OVERDUE is decided by the table.
          alliance.advance(DAY + 1);
          for (const receivableId of toMarkOverdue) await energy.submit('finance:MarkOverdue', { receivableId });
        },
        (i) => auditor.evaluate('wallets:GetAccount', { accountId: `rd${i}` }).catch(() => null),
        // Only the bank asked may finance: before a request the bank is no party, and is FORBIDDEN.
        (record, step) => (step === 'FINANCE' && !('financing' in record) ? 'FORBIDDEN' : 'ILLEGAL_STATE'),
      );
    }, 120_000);

    it('warehouse receipts: 5 states × 5 steps', async () => {
      await everyCase<ReceiptState, ReceiptStep>(
        RECEIPT,
        RECEIPT_STEPS,
        async (_i, state) => {
          const r = await store2.submit('finance:IssueReceipt', {
            owner: parties.store,
            goods: 'copper',
            quantity: '3',
            unit: 't',
            location: 'WH-2',
          });
          const receiptId = String(r.receiptId);
          const pledge = () => store.submit('finance:RequestPledge', pledgeInput(receiptId));
          const fund = () => bank.submit('finance:FundPledge', { receiptId, fromAccountId: 'f-bank' });
          const repay = () => store.submit('finance:RepayPledge', { receiptId, fromAccountId: 'f-store' });
          const path: Record<ReceiptState, (() => Promise<unknown>)[]> = {
            ISSUED: [],
            PLEDGE_REQUESTED: [pledge],
            PLEDGED: [pledge, fund],
            RELEASED: [pledge, fund, repay],
            CLOSED: [() => store2.submit('finance:CloseReceipt', { receiptId })],
          };
          for (const stepFn of path[state]) await stepFn();
          return receiptId;
        },
        (_i, receiptId, _state, step) => {
          switch (step) {
            case 'REQUEST_PLEDGE':
              return store.submit('finance:RequestPledge', pledgeInput(receiptId));
            case 'CANCEL_PLEDGE':
              return store.submit('finance:CancelPledge', { receiptId });
            case 'FUND_PLEDGE':
              return bank.submit('finance:FundPledge', { receiptId, fromAccountId: 'f-bank' });
            case 'REPAY':
              return store.submit('finance:RepayPledge', { receiptId, fromAccountId: 'f-store' });
            case 'CLOSE':
              return store2.submit('finance:CloseReceipt', { receiptId });
          }
        },
        (receiptId) => auditor.evaluate('finance:GetReceipt', { receiptId }),
        undefined,
        undefined,
        // Only the bank asked may fund: before a request the bank is no party, and is FORBIDDEN.
        (record, step) => (step === 'FUND_PLEDGE' && !('pledge' in record) ? 'FORBIDDEN' : 'ILLEGAL_STATE'),
      );

      function pledgeInput(receiptId: string): object {
        return {
          receiptId,
          bank: parties.bank,
          currency: 'CNY',
          loanAmount: '10',
          repayAmount: '12',
          accountId: 'f-store',
        };
      }
    }, 120_000);

    it('credit lines: 2 states × 3 steps', async () => {
      await everyCase<LineState, LineStep>(
        LINE,
        LINE_STEPS,
        async (_i, state, step) => {
          const line = await bank.submit('finance:GrantCreditLine', {
            borrower: parties.buyer,
            currency: 'CNY',
            limit: '100',
            fundingAccountId: 'f-bank',
          });
          const lineId = String(line.lineId);
          if (step === 'REPAY' && state === 'ACTIVE') {
            await buyer.submit('finance:DrawCreditLine', { lineId, accountId: 'f-buyer', amount: '10' });
          }
          if (state === 'CLOSED') await bank.submit('finance:CloseCreditLine', { lineId });
          return lineId;
        },
        (_i, lineId, _state, step) => {
          switch (step) {
            case 'DRAW':
              return buyer.submit('finance:DrawCreditLine', { lineId, accountId: 'f-buyer', amount: '5' });
            case 'REPAY':
              return buyer.submit('finance:RepayCreditLine', { lineId, accountId: 'f-buyer', amount: '5' });
            case 'CLOSE':
              return bank.submit('finance:CloseCreditLine', { lineId });
          }
        },
        (lineId) => auditor.evaluate('finance:GetCreditLine', { lineId }),
      );
    });
  });

  describe('commodity-right tokens: every state × every step', () => {
    const STEPS: TokenStep[] = [
      'TRANSFER',
      'LIST',
      'CANCEL_LISTING',
      'BUY_RESALE',
      'REQUEST_REDEMPTION',
      'WITHDRAW_REDEMPTION',
      'REFUSE_REDEMPTION',
      'FULFIL_REDEMPTION',
      'CONFIRM_REDEMPTION',
      'EXPIRE_REDEMPTION',
    ];
    let buyer2: Client;
    let buyer2Party: string;
    let outsider: Client;

    beforeAll(async () => {
      buyer2 = await alliance.client('EcommerceMSP', 'buyer2');
      buyer2Party = await alliance.party('EcommerceMSP', 'buyer2');
      outsider = await alliance.client('EnergyMSP', 'producer1');
      await Promise.all([
        store.submit('wallets:OpenAccount', { accountId: 'r-store' }),
        buyer.submit('wallets:OpenAccount', { accountId: 'r-buyer' }),
        buyer.submit('wallets:OpenAccount', { accountId: 'r-resale' }),
        buyer2.submit('wallets:OpenAccount', { accountId: 'r-buyer2' }),
      ]);
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'r-buyer', amount: '1000000' });
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'r-buyer2', amount: '1000000' });
      await store.submit('rights:OpenSpace', { spaceId: 'r-shop', name: 'shop', payoutAccountId: 'r-store' });
      await buyer.submit('rights:OpenSpace', { spaceId: 'r-resales', name: 'resales', payoutAccountId: 'r-resale' });
      await buyer.submit('rights:BindWallet', { spaceId: 'r-shop', accountId: 'r-buyer' });
      await buyer2.submit('rights:BindWallet', { spaceId: 'r-resales', accountId: 'r-buyer2' });
      await store.submit('rights:RegisterRightClass', {
        classId: 'r-class',
        spaceId: 'r-shop',
        category: 'tea',
        sku: 'T-1',
        name: 'tea',
        specification: '250 g',
        production: { producer: 'tea farm' },
        price: '100',
        currency: 'CNY',
        supply: 100,
        redeemable: ['PICKUP'],
        royaltyBps: 500,
      });
    });

    it('the chaincode table is the expected one', () => {
      expectTable(TokenMachine, TOKEN, STEPS);
    });

    it('5 states × 10 steps, each allowed step by the party it belongs to; a refusal moves neither token nor money', async () => {
      const ACCOUNTS = ['r-buyer', 'r-buyer2', 'r-store', 'r-resale'] as const;
      const balances = async (): Promise<bigint[]> =>
        Promise.all(
          ACCOUNTS.map(async (accountId) =>
            BigInt(String((await auditor.evaluate('wallets:GetBalance', { accountId, currency: 'CNY' })).available)),
          ),
        );
      let before: bigint[] = [];
      await everyCase<TokenState, TokenStep>(
        TOKEN,
        STEPS,
        async (_i, state) => {
          const { token } = await buyer.submit('rights:PurchaseRight', { classId: 'r-class', accountId: 'r-buyer' });
          const tokenId = String(token.tokenId);
          const request = () => buyer.submit('rights:RequestRedemption', { tokenId, method: 'PICKUP' });
          const fulfil = () => store.submit('rights:FulfilRedemption', { tokenId, confirmWithinSeconds: 60 });
          const path: Record<TokenState, (() => Promise<unknown>)[]> = {
            HELD: [],
            LISTED: [() => buyer.submit('rights:ListForResale', { tokenId, spaceId: 'r-resales', price: '150' })],
            REDEEMING: [request],
            FULFILLED: [request, fulfil],
            BURNED: [request, fulfil, () => buyer.submit('rights:ConfirmRedemption', { tokenId })],
          };
          for (const stepFn of path[state]) await stepFn();
          return tokenId;
        },
        (_i, tokenId, _state, step) => {
          switch (step) {
            case 'TRANSFER':
              return buyer.submit('rights:TransferRight', { tokenId, to: buyer2Party });
            case 'LIST':
              return buyer.submit('rights:ListForResale', { tokenId, spaceId: 'r-resales', price: '150' });
            case 'CANCEL_LISTING':
              return buyer.submit('rights:CancelResale', { tokenId });
            case 'BUY_RESALE':
              return buyer2.submit('rights:BuyResale', { tokenId, accountId: 'r-buyer2' });
            case 'REQUEST_REDEMPTION':
              return buyer.submit('rights:RequestRedemption', { tokenId, method: 'PICKUP' });
            case 'WITHDRAW_REDEMPTION':
              return buyer.submit('rights:WithdrawRedemption', { tokenId });
            case 'REFUSE_REDEMPTION':
              return store.submit('rights:RefuseRedemption', { tokenId, reason: 'r' });
            case 'FULFIL_REDEMPTION':
              return store.submit('rights:FulfilRedemption', { tokenId });
            case 'CONFIRM_REDEMPTION':
              return buyer.submit('rights:ConfirmRedemption', { tokenId });
            case 'EXPIRE_REDEMPTION':
              return outsider.submit('rights:ExpireRedemption', { tokenId });
          }
        },
        (tokenId) => auditor.evaluate('rights:GetToken', { tokenId }),
        // Past every confirmation deadline: EXPIRE_REDEMPTION is decided by the table alone.
        async () => {
          alliance.advance(61);
          before = await balances();
        },
      );
      // Of all 50 cases only LISTED × BUY_RESALE moved money: 150 from buyer2, ⌊150 × 5 %⌋ = 7 to the store.
      const moved = (await balances()).map((b, i) => b - before[i]!);
      expect(moved).toEqual([0n, -150n, 7n, 143n]);
    }, 120_000);
  });
});
