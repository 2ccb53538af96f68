import type { CurrencyView } from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { Amount } from '../common/amount.schemas';
import { CurrencyCode, PartyId, Timestamp, TxId } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

/** A currency as the consortium registered it (by executing a REGISTER_CURRENCY proposal). */
export const Currency = z
  .object({
    code: CurrencyCode,
    name: z.string(),
    decimals: z.number().int().describe('Digits after the decimal point of one major unit'),
    issuer: PartyId.describe('The only party that may issue it and execute its redemptions'),
    proposalId: TxId.describe('The proposal whose execution registered it'),
    registeredAt: Timestamp,
  })
  .meta({ id: 'Currency' });

/** A currency with its supply: what all accounts hold together, available plus frozen, is `outstanding`. */
export const CurrencyWithSupply = Currency.extend({
  issued: Amount,
  redeemed: Amount,
  outstanding: Amount.describe('issued − redeemed'),
}).meta({ id: 'CurrencyWithSupply' });

type Supply = 'issued' | 'redeemed' | 'outstanding';
export type CurrencyMatchesChaincode = Expect<Describes<z.infer<typeof Currency>, Omit<CurrencyView, Supply>>>;
export type CurrencyWithSupplyMatchesChaincode = Expect<Describes<z.infer<typeof CurrencyWithSupply>, CurrencyView>>;

export const CurrencyPage = pageOf(Currency).meta({ id: 'CurrencyPage' });

export const CurrencyParams = z.strictObject({ code: CurrencyCode });

export const ListCurrenciesQuery = z.strictObject({ ...Paging });
