import { ReceivablePaymentInput, ReceivableRefInput, type OverdueReceivable } from '@allianceledger/contract';
import { CreditKind } from '../credit/credit.kinds';
import { recordCredit } from '../credit/credit.store';
import { authorize, grant, permits } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { checkWithStateHidden } from '../lib/outsiders';
import { emit, EventName } from '../lib/events';
import { nextState } from '../lib/state-machine';
import { isoToMs, txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { pay } from '../wallets/balance.store';
import { ReceivableAction, ReceivableMachine, ReceivableStatus } from './finance.states';
import { loadReceivable, payerAccount, saveReceivable, type ReceivableRecord } from './finance.store';

import { readers, receivableAudience } from './receivable.rules';

/**
 * RepayReceivable: the debtor pays the face amount from its `fromAccountId` into the current holder's
 * account; SETTLED. Writes the debtor's credit record: REPAYMENT_ON_TIME by the due time,
 * REPAYMENT_LATE after it.
 */
export async function repayReceivable(ctx: AllianceContext, input: string): Promise<ReceivableRecord> {
  const req = parseInput(input, ReceivablePaymentInput);
  const current = await loadReceivable(ctx, req.receivableId);
  await authorize(ctx, 'RepayReceivable', [grant.member(current.debtor)]);
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.REPAY);
  await payerAccount(ctx, req.fromAccountId, 'RepayReceivable');
  const now = txTime(ctx);
  const onTime = current.status !== ReceivableStatus.OVERDUE && now.ms <= isoToMs(current.dueAt);
  await pay(ctx, req.fromAccountId, current.holderAccountId, current.currency, BigInt(current.faceAmount));
  // An unfunded financing request lapses with the repayment, as it does when the receivable goes overdue.
  const { financing, ...rest } = current;
  const record: ReceivableRecord = {
    ...rest,
    ...(financing?.financedAt ? { financing } : {}),
    status,
    repayment: {
      fromAccountId: req.fromAccountId,
      toAccountId: current.holderAccountId,
      amount: current.faceAmount,
      onTime,
      txId: ctx.stub.getTxID(),
      repaidAt: now.iso,
    },
    updatedAt: now.iso,
    closedAt: now.iso,
  };
  await saveReceivable(ctx, record, current);
  await recordCredit(ctx, {
    subject: current.debtor,
    kind: onTime ? CreditKind.REPAYMENT_ON_TIME : CreditKind.REPAYMENT_LATE,
    reference: `receivable:${current.receivableId}`,
  });
  emit(ctx, EventName.RECEIVABLE_REPAID, receivableAudience(record, [financing?.bank]), { ...record });
  return record;
}

/**
 * MarkOverdue: anyone, once the transaction time is past the due time of an unpaid receivable; it
 * becomes OVERDUE (an unfunded financing request lapses) and the debtor gets a REPAYMENT_OVERDUE
 * credit record. The debtor may still repay. The receivable's readers get it; anyone else (the keeper
 * too) only its id and OVERDUE, and refusals that name neither state nor due time (lib/outsiders.ts).
 */
export async function markOverdue(ctx: AllianceContext, input: string): Promise<OverdueReceivable> {
  const req = parseInput(input, ReceivableRefInput);
  await authorize(ctx, 'MarkOverdue', [grant.anyone]);
  const current = await loadReceivable(ctx, req.receivableId);
  const reader = await permits(ctx, readers(current));
  const status = await checkWithStateHidden(
    reader,
    () => overdueStatus(ctx, current),
    'this receivable cannot be marked overdue',
    { entity: 'receivable', receivableId: current.receivableId },
  );
  const now = txTime(ctx);
  const { financing, ...rest } = current;
  const record: ReceivableRecord = {
    ...rest,
    ...(financing?.financedAt ? { financing } : {}),
    status,
    overdueAt: now.iso,
    updatedAt: now.iso,
  };
  await saveReceivable(ctx, record, current);
  await recordCredit(ctx, {
    subject: current.debtor,
    kind: CreditKind.REPAYMENT_OVERDUE,
    reference: `receivable:${current.receivableId}`,
  });
  emit(ctx, EventName.RECEIVABLE_OVERDUE, receivableAudience(record, [financing?.bank]), { ...record });
  return reader ? record : { receivableId: record.receivableId, status: record.status };
}

/** OVERDUE, or ILLEGAL_STATE unless the receivable is unpaid and past its due time. */
function overdueStatus(ctx: AllianceContext, current: ReceivableRecord): ReceivableRecord['status'] {
  const status = nextState(ReceivableMachine, current.status, ReceivableAction.MARK_OVERDUE);
  const now = txTime(ctx);
  if (now.ms <= isoToMs(current.dueAt)) {
    throw fail.illegalState('the receivable is not past due', {
      entity: 'receivable',
      dueAt: current.dueAt,
      txTime: now.iso,
    });
  }
  return status;
}
