import { Role } from '@allianceledger/contract';
import { grant, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, type Audience } from '../lib/events';
import type { PartyId } from '../lib/party';
import { isoToMs, txTime } from '../lib/time';
import { getAccount } from '../wallets/balance.store';
import { requireActive, type ReceivableRecord } from './finance.store';
import { bankAsked } from './bank-asked';

/** Rules every receivable transaction shares: who reads it, who hears of it, the due-time refusal. */

/** Who reads a receivable: its creditor, debtor and holder, the bank asked to finance it, auditors. */
export function readers(r: ReceivableRecord): Grant[] {
  return [
    grant.member(r.creditor),
    grant.member(r.debtor),
    grant.member(r.holder),
    ...bankAsked(r.financing?.bank),
    grant.role(Role.AUDITOR),
  ];
}

/**
 * A receivable past its due time can only be repaid (late) or marked overdue: accepting it, passing it
 * on or splitting it would hand someone a claim that is already in default. ILLEGAL_STATE naming the
 * due time otherwise. (Financing has its own, stricter rule: not at the due time either.)
 */
export function refusePastDue(ctx: AllianceContext, r: ReceivableRecord, what: string): void {
  const now = txTime(ctx);
  if (now.ms > isoToMs(r.dueAt)) {
    throw fail.illegalState(`the receivable was due at ${r.dueAt}: ${what}`, {
      entity: 'receivable',
      dueAt: r.dueAt,
      txTime: now.iso,
    });
  }
}

/** A receivable's events reach its creditor, debtor and holder, the bank asked to finance it, and `more`. */
export function receivableAudience(r: ReceivableRecord, more: readonly (PartyId | undefined)[] = []): Audience {
  return audience([r.creditor, r.debtor, r.holder, r.financing?.bank, ...more]);
}

/** A new holder named by an account: an active member other than the debtor. */
export async function newHolder(ctx: AllianceContext, r: ReceivableRecord, accountId: string): Promise<PartyId> {
  const account = await getAccount(ctx, accountId);
  if (account.owner === r.debtor) {
    throw fail.invalid('the debtor cannot hold its own receivable', { field: 'input.toAccountId', accountId });
  }
  await requireActive(ctx, account.owner);
  return account.owner;
}
