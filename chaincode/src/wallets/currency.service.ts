import {
  CurrencyRefInput,
  PagingInput,
  Role,
  type CurrencyDefinition,
  type CurrencyRecord,
  type CurrencyView,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { getOptional, put, type Page } from '../lib/ledger';
import { listStored } from '../lib/records';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { findMember } from '../members/member.store';
import { CURRENCY_KEY, currencyKey, getCurrency, getSupply, supplyKey, type SupplyRecord } from './currency.store';

export type { CurrencyDefinition, CurrencyView };

/** The currency must be new and its issuer an ACTIVE member with the `issuer` role. */
export async function ensureCurrencyRegistrable(ctx: AllianceContext, def: CurrencyDefinition): Promise<void> {
  if (await getOptional<CurrencyRecord>(ctx, currencyKey(ctx, def.code))) {
    throw fail.conflict(`currency ${def.code} is already registered`, { currency: def.code });
  }
  const issuer = await findMember(ctx, def.issuer);
  if (!issuer) throw fail.notFound('member', def.issuer);
  if (issuer.status !== 'ACTIVE' || !issuer.roles.includes(Role.ISSUER)) {
    throw fail.illegalState('the issuer must be an active member with the issuer role', { issuer: def.issuer });
  }
}

/** Registers a currency; called only by the execution of an approved REGISTER_CURRENCY proposal. */
export async function registerCurrency(
  ctx: AllianceContext,
  def: CurrencyDefinition,
  proposalId: string,
): Promise<CurrencyRecord> {
  await ensureCurrencyRegistrable(ctx, def);
  const record: CurrencyRecord = { ...def, proposalId, registeredAt: txTime(ctx).iso };
  const supply: SupplyRecord = { currency: def.code, issued: '0', redeemed: '0' };
  await put(ctx, currencyKey(ctx, def.code), record);
  await put(ctx, supplyKey(ctx, def.code), supply);
  return record;
}

/** GetCurrency: any active member or org admin reads a currency and its supply. */
export async function getCurrencyView(ctx: AllianceContext, input: string): Promise<CurrencyView> {
  const req = parseInput(input, CurrencyRefInput);
  await authorize(ctx, 'GetCurrency', [grant.member(), grant.orgAdmin()]);
  return view(await getCurrency(ctx, req.code), await getSupply(ctx, req.code));
}

/** ListCurrencies: the registered currencies, by code. */
export async function listCurrencies(ctx: AllianceContext, input: string): Promise<Page<CurrencyRecord>> {
  const req = parseInput(input, PagingInput);
  await authorize(ctx, 'ListCurrencies', [grant.member(), grant.orgAdmin()]);
  return listStored<CurrencyRecord>(ctx, CURRENCY_KEY, [], pageRequest(req));
}

function view(currency: CurrencyRecord, supply: SupplyRecord): CurrencyView {
  return {
    ...currency,
    issued: supply.issued,
    redeemed: supply.redeemed,
    outstanding: (BigInt(supply.issued) - BigInt(supply.redeemed)).toString(),
  };
}
