import { PurchaseRightInput, Role, type RightSale } from '@allianceledger/contract';
import { requireActive } from '../finance/finance.store';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { emit, EventName } from '../lib/events';
import { txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { getAccount, pay } from '../wallets/balance.store';
import { tokenAudience, tokenEventData } from './rights.events';
import { TokenStatus } from './rights.states';
import { loadClass, loadSpace, putUnit, requireBinding, saveToken, tokenIdOf, type TokenRecord } from './rights.store';
import { claimUnit } from './unit-claim';

/**
 * PurchaseRight — pay and mint in one transaction (patent claim 1): the caller pays the class's price
 * from an account it bound to the class's space, the store's payout account is credited, and the token
 * of a free unit is minted to the caller. Either all of it commits or none of it: never a token
 * without its payment, never a payment without its token.
 *
 * What it reads and writes, and so what it can conflict with (docs/chaincode.md, "Commodity rights"):
 * the class, the space, the binding and the store's member record, which do not change; the buyer's
 * balance (a full-balance debit: only the buyer's own concurrent payments conflict with it); one free
 * unit key (see unit-claim.ts). The store is credited with a delta row and the token's index rows are
 * blind writes, so concurrent buyers of one class conflict only when they claim the same unit.
 */
export async function purchaseRight(ctx: AllianceContext, input: string): Promise<RightSale> {
  const req = parseInput(input, PurchaseRightInput);
  const cls = await loadClass(ctx, req.classId);
  const account = await getAccount(ctx, req.accountId);
  const { caller } = await authorize(ctx, 'PurchaseRight', [grant.member(account.owner)]);
  const space = await loadSpace(ctx, cls.spaceId);
  await requireBinding(ctx, space.spaceId, caller.party, req.accountId);
  if (req.accountId === space.payoutAccountId) {
    throw fail.invalid("the paying account is the space's own payout account", { field: 'input.accountId' });
  }
  await requireActive(ctx, cls.store, Role.STORE);
  const serial = await claimUnit(ctx, cls);
  await pay(ctx, req.accountId, space.payoutAccountId, cls.currency, BigInt(cls.price));
  const now = txTime(ctx).iso;
  const txId = ctx.stub.getTxID();
  const token: TokenRecord = {
    tokenId: tokenIdOf(cls.classId, serial),
    classId: cls.classId,
    serial,
    spaceId: cls.spaceId,
    store: cls.store,
    category: cls.category,
    owner: caller.party,
    status: TokenStatus.HELD,
    mintedAt: now,
    mintTxId: txId,
    updatedAt: now,
  };
  await putUnit(ctx, cls.classId, serial, { tokenId: token.tokenId, txId });
  await saveToken(ctx, token, undefined);
  const payment = {
    txId,
    currency: cls.currency,
    amount: cls.price,
    fromAccountId: req.accountId,
    toAccountId: space.payoutAccountId,
  };
  emit(ctx, EventName.RIGHT_MINTED, tokenAudience(token), {
    ...tokenEventData(ctx, token),
    to: token.owner,
    price: cls.price,
    currency: cls.currency,
    fromAccountId: payment.fromAccountId,
    toAccountId: payment.toAccountId,
  });
  return { token, payment };
}
