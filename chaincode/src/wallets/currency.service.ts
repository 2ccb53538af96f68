import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { getOptional, page, put, type Page } from '../lib/ledger';
import { Role } from '../lib/organizations';
import { party } from '../lib/party';
import { txTime } from '../lib/time';
import { DEFAULT_PAGE_SIZE, integer, object, PAGING, parseInput, text, type Infer } from '../lib/validate';
import { findMember } from '../members/member.store';
import {
  CURRENCY_KEY,
  currencyKey,
  getCurrency,
  getSupply,
  supplyKey,
  type CurrencyRecord,
  type SupplyRecord,
} from './currency.store';

/** Currency codes: a letter then letters or digits (`CNY`, `USD`, `eCNY`). */
export const CURRENCY_PATTERN = /^[A-Za-z][A-Za-z0-9]{1,15}$/;

/** A currency code field. */
export const currencyCode = text({ max: 16, pattern: CURRENCY_PATTERN });

/** The payload of a REGISTER_CURRENCY proposal. */
export const currencyDefinition = object({
  code: currencyCode,
  name: text({ max: 64 }),
  decimals: integer(0, 18),
  issuer: party,
});

/** A validated currency definition. */
export type CurrencyDefinition = Infer<typeof currencyDefinition>;

/** A currency with its supply, as queries return it. */
export interface CurrencyView extends CurrencyRecord {
  readonly issued: string;
  readonly redeemed: string;
  /** issued − redeemed: what all accounts hold together, available plus frozen. */
  readonly outstanding: string;
}

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

const CurrencyRef = object({ code: currencyCode });
const ListCurrenciesInput = object({ ...PAGING });

/** GetCurrency: any active member or org admin reads a currency and its supply. */
export async function getCurrencyView(ctx: AllianceContext, input: string): Promise<CurrencyView> {
  const req = parseInput(input, CurrencyRef);
  await authorize(ctx, 'GetCurrency', [grant.member(), grant.orgAdmin()]);
  return view(await getCurrency(ctx, req.code), await getSupply(ctx, req.code));
}

/** ListCurrencies: the registered currencies, by code. */
export async function listCurrencies(ctx: AllianceContext, input: string): Promise<Page<CurrencyRecord>> {
  const req = parseInput(input, ListCurrenciesInput);
  await authorize(ctx, 'ListCurrencies', [grant.member(), grant.orgAdmin()]);
  const rows = await page(ctx, CURRENCY_KEY, [], {
    pageSize: req.pageSize ?? DEFAULT_PAGE_SIZE,
    bookmark: req.bookmark ?? '',
  });
  return { items: rows.items.map((r) => r.value as CurrencyRecord), bookmark: rows.bookmark };
}

function view(currency: CurrencyRecord, supply: SupplyRecord): CurrencyView {
  return {
    ...currency,
    issued: supply.issued,
    redeemed: supply.redeemed,
    outstanding: (BigInt(supply.issued) - BigInt(supply.redeemed)).toString(),
  };
}
