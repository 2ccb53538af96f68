/**
 * Every transition of every state machine, allowed and refused, through the ledger. The expected
 * tables are written out here, independently of the chaincode's; a refusal must carry ILLEGAL_STATE
 * and leave the records and balances as they were.
 */
import { ProposalMachine } from './consortium/proposal.states';
import { canTransition } from './lib/state-machine';
import { MemberMachine } from './members/member.states';
import { OrderMachine, SettlementMachine } from './settlements/settlement.states';
import { Alliance, Client, STANDARD_ROLES, expectCode, orderSnapshot } from './test/alliance';
import { RedemptionMachine } from './wallets/redemption.states';

const DAY = 24 * 60 * 60;

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
        return store.submit('settlements:AcknowledgePayment', { storeOrderNo: no });
      }
      function ship() {
        return store.submit('settlements:Ship', { storeOrderNo: no, carrier: 'SF', trackingNo: 'T' });
      }
      function deliver() {
        return oracle.submit('settlements:RecordDelivery', { storeOrderNo: no });
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
          return store.submit('settlements:AcknowledgePayment', { storeOrderNo: no });
        case 'SHIP':
          return store.submit('settlements:Ship', { storeOrderNo: no, carrier: 'SF', trackingNo: 'T2' });
        case 'DELIVER':
          return oracle.submit('settlements:RecordDelivery', { storeOrderNo: no });
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
      // Past every release deadline, so that EXPIRE is decided by the state tables alone.
      alliance.advance(10 * DAY + 1);

      const probe = (i: number) =>
        Promise.all([
          auditor.evaluate('settlements:GetOrder', { storeOrderNo: reached[i]!.no }),
          auditor.evaluate('settlements:GetSettlement', { settlementNo: reached[i]!.settlementNo }),
          balance(`tb${i}`),
          balance(`ts${i}`),
        ]);
      const before = await Promise.all(cases.map((_c, i) => probe(i)));
      const outcomes = await Promise.all(
        cases.map(async ({ step }, i) => {
          try {
            await perform(step, reached[i]!.no, reached[i]!.settlementNo);
            return 'OK';
          } catch (err) {
            return (
              await expectCode(Promise.reject(err instanceof Error ? err : new Error(String(err))), 'ILLEGAL_STATE')
            ).code;
          }
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
});
