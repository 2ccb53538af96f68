import {
  CancelPledgeInput,
  IssueReceiptInput,
  ListReceipts,
  ReceiptPaymentInput,
  ReceiptRefInput,
  RequestPledgeInput,
  Role,
} from '@allianceledger/contract';
import { CreditKind } from '../credit/credit.kinds';
import { ensureNotBlacklisted, recordCredit } from '../credit/credit.store';
import { authorize, grant, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, emit, EventName, type Audience } from '../lib/events';
import type { Page } from '../lib/ledger';
import type { PartyId } from '../lib/party';
import { listByIndex, listingTarget } from '../lib/records';
import { nextState } from '../lib/state-machine';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { pay } from '../wallets/balance.store';
import { getCurrency } from '../wallets/currency.store';
import { ReceiptAction, ReceiptMachine, ReceiptStatus } from './finance.states';
import {
  accountOf,
  loadReceipt,
  payerAccount,
  ReceiptIndex,
  requireActive,
  saveReceipt,
  type ReceiptRecord,
} from './finance.store';
import { withParties } from '../members/handle.store';
import { bankAsked } from './bank-asked';

/** Who reads a receipt: its owner and warehouse, the bank of its current pledge, auditors. */
function readers(r: ReceiptRecord): Grant[] {
  return [
    grant.member(r.owner),
    grant.role(Role.WAREHOUSE, { party: r.warehouse }),
    ...bankAsked(r.pledge?.bank),
    grant.role(Role.AUDITOR),
  ];
}

/** IssueReceipt: a warehouse issues a receipt to the owner of goods it holds. */
export async function issueReceipt(ctx: AllianceContext, input: string): Promise<ReceiptRecord> {
  const req = await withParties(ctx, parseInput(input, IssueReceiptInput), ['owner']);
  const { caller } = await authorize(ctx, 'IssueReceipt', [grant.role(Role.WAREHOUSE)]);
  await requireActive(ctx, req.owner);
  const now = txTime(ctx).iso;
  const record: ReceiptRecord = {
    ...req,
    receiptId: ctx.stub.getTxID(),
    warehouse: caller.party,
    quantity: req.quantity.toString(),
    status: ReceiptStatus.ISSUED,
    releasedPledges: 0,
    issuedAt: now,
    updatedAt: now,
  };
  await saveReceipt(ctx, record, undefined);
  emit(ctx, EventName.RECEIPT_ISSUED, receiptAudience(record), { ...record });
  return record;
}

/** A receipt's events reach its warehouse, its owner and the bank of its pledge (current or `bank`). */
function receiptAudience(r: ReceiptRecord, bank?: PartyId): Audience {
  return audience([r.warehouse, r.owner, r.pledge?.bank, bank]);
}

/**
 * RequestPledge: the owner offers an unencumbered receipt to a bank as collateral for a loan of
 * `loanAmount`, repaid with `repayAmount` (≥ loan); the loan goes into its `accountId`. Refused for a
 * blacklisted owner. Nothing may be pledged twice: only ISSUED or RELEASED receipts can be.
 */
export async function requestPledge(ctx: AllianceContext, input: string): Promise<ReceiptRecord> {
  const req = await withParties(ctx, parseInput(input, RequestPledgeInput), ['bank']);
  const current = await loadReceipt(ctx, req.receiptId);
  await authorize(ctx, 'RequestPledge', [grant.member(current.owner)]);
  const status = nextState(ReceiptMachine, current.status, ReceiptAction.REQUEST_PLEDGE);
  if (req.repayAmount < req.loanAmount) {
    throw fail.invalid('repayAmount must be at least loanAmount', { field: 'input.repayAmount' });
  }
  await ensureNotBlacklisted(ctx, current.owner, 'RequestPledge');
  if (req.bank === current.owner) throw fail.invalid('the bank must be another party', { field: 'input.bank' });
  await requireActive(ctx, req.bank, Role.BANK);
  await getCurrency(ctx, req.currency);
  await accountOf(ctx, req.accountId, current.owner, 'accountId');
  const now = txTime(ctx).iso;
  const record: ReceiptRecord = {
    ...current,
    status,
    pledge: {
      bank: req.bank,
      currency: req.currency,
      loanAmount: req.loanAmount.toString(),
      repayAmount: req.repayAmount.toString(),
      ownerAccountId: req.accountId,
      requestedAt: now,
    },
    updatedAt: now,
  };
  await saveReceipt(ctx, record, current);
  emit(ctx, EventName.PLEDGE_REQUESTED, receiptAudience(record), { ...record });
  return record;
}

/** CancelPledge: the owner withdraws its request, or the bank declines it; the receipt is unencumbered. */
export async function cancelPledge(ctx: AllianceContext, input: string): Promise<ReceiptRecord> {
  const req = parseInput(input, CancelPledgeInput);
  const current = await loadReceipt(ctx, req.receiptId);
  await authorize(ctx, 'CancelPledge', [grant.member(current.owner), ...bankAsked(current.pledge?.bank)]);
  const status = nextState(ReceiptMachine, current.status, ReceiptAction.CANCEL_PLEDGE);
  const { pledge, ...rest } = current;
  const record: ReceiptRecord = { ...rest, status, updatedAt: txTime(ctx).iso };
  await saveReceipt(ctx, record, current);
  emit(ctx, EventName.PLEDGE_CANCELLED, receiptAudience(record, pledge?.bank), {
    ...record,
    cancelled: pledge,
    reason: req.reason,
  });
  return record;
}

/** FundPledge: the bank asked pays the loan from its `fromAccountId` to the owner; the receipt is PLEDGED. */
export async function fundPledge(ctx: AllianceContext, input: string): Promise<ReceiptRecord> {
  const req = parseInput(input, ReceiptPaymentInput);
  const current = await loadReceipt(ctx, req.receiptId);
  await authorize(ctx, 'FundPledge', bankAsked(current.pledge?.bank));
  const status = nextState(ReceiptMachine, current.status, ReceiptAction.FUND_PLEDGE);
  const pledge = current.pledge;
  if (!pledge) throw new Error(`receipt ${current.receiptId} awaits a pledge without a request`);
  await payerAccount(ctx, req.fromAccountId, 'FundPledge');
  await ensureNotBlacklisted(ctx, current.owner, 'FundPledge');
  await pay(ctx, req.fromAccountId, pledge.ownerAccountId, pledge.currency, BigInt(pledge.loanAmount));
  const now = txTime(ctx).iso;
  const record: ReceiptRecord = {
    ...current,
    status,
    pledge: { ...pledge, bankAccountId: req.fromAccountId, fundedAt: now, fundTxId: ctx.stub.getTxID() },
    updatedAt: now,
  };
  await saveReceipt(ctx, record, current);
  emit(ctx, EventName.RECEIPT_PLEDGED, receiptAudience(record), { ...record });
  return record;
}

/**
 * RepayPledge: the owner pays `repayAmount` from its `fromAccountId` into the bank's account; the
 * receipt is RELEASED and the owner gets a LOAN_REPAID credit record.
 */
export async function repayPledge(ctx: AllianceContext, input: string): Promise<ReceiptRecord> {
  const req = parseInput(input, ReceiptPaymentInput);
  const current = await loadReceipt(ctx, req.receiptId);
  await authorize(ctx, 'RepayPledge', [grant.member(current.owner)]);
  const status = nextState(ReceiptMachine, current.status, ReceiptAction.REPAY);
  const pledge = current.pledge;
  if (pledge?.bankAccountId === undefined) throw new Error(`pledged receipt ${current.receiptId} without a loan`);
  await payerAccount(ctx, req.fromAccountId, 'RepayPledge');
  await pay(ctx, req.fromAccountId, pledge.bankAccountId, pledge.currency, BigInt(pledge.repayAmount));
  const now = txTime(ctx).iso;
  const { pledge: _released, ...rest } = current;
  const record: ReceiptRecord = {
    ...rest,
    status,
    releasedPledges: current.releasedPledges + 1,
    releasedAt: now,
    updatedAt: now,
  };
  await saveReceipt(ctx, record, current);
  await recordCredit(ctx, {
    subject: current.owner,
    kind: CreditKind.LOAN_REPAID,
    reference: `receipt:${current.receiptId}`,
  });
  emit(ctx, EventName.RECEIPT_RELEASED, receiptAudience(record, pledge.bank), {
    ...record,
    repaid: { ...pledge, repaidAt: now, txId: ctx.stub.getTxID() },
  });
  return record;
}

/** CloseReceipt: the issuing warehouse closes an unencumbered receipt when the goods leave. */
export async function closeReceipt(ctx: AllianceContext, input: string): Promise<ReceiptRecord> {
  const req = parseInput(input, ReceiptRefInput);
  const current = await loadReceipt(ctx, req.receiptId);
  await authorize(ctx, 'CloseReceipt', [grant.role(Role.WAREHOUSE, { party: current.warehouse })]);
  const now = txTime(ctx).iso;
  const record: ReceiptRecord = {
    ...current,
    status: nextState(ReceiptMachine, current.status, ReceiptAction.CLOSE),
    updatedAt: now,
    closedAt: now,
  };
  await saveReceipt(ctx, record, current);
  emit(ctx, EventName.RECEIPT_CLOSED, receiptAudience(record), { ...record });
  return record;
}

/** GetReceipt: for its owner and warehouse, the bank of its pledge, auditors. */
export async function getReceipt(ctx: AllianceContext, input: string): Promise<ReceiptRecord> {
  const req = parseInput(input, ReceiptRefInput);
  const record = await loadReceipt(ctx, req.receiptId);
  await authorize(ctx, 'GetReceipt', readers(record));
  return record;
}

/**
 * ListReceipts: `{by: 'owner' | 'warehouse', value?: party}` (value defaults to the caller; auditors may
 * name anyone); `{by: 'status', value}` is for auditors.
 */
export async function listReceipts(ctx: AllianceContext, input: string): Promise<Page<ReceiptRecord>> {
  const req = parseInput(input, ListReceipts.input);
  const { by, key, byStatus } = await listingTarget(ctx, req);
  const own = by === 'owner' ? grant.member(key) : grant.role(Role.WAREHOUSE, { party: key });
  await authorize(ctx, 'ListReceipts', byStatus ? [grant.role(Role.AUDITOR)] : [own, grant.role(Role.AUDITOR)]);
  return listByIndex(ctx, ReceiptIndex[by], [key], pageRequest(req), (id) => loadReceipt(ctx, id));
}
