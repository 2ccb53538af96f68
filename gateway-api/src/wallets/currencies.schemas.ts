import { CurrencyRecord, CurrencyRefInput, CurrencyView } from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Currencies over REST: the contract's records. */

export const Currency = CurrencyRecord;
export const CurrencyWithSupply = CurrencyView;
export const CurrencyPage = pageOf(CurrencyRecord).meta({ id: 'CurrencyPage' });
export const CurrencyParams = CurrencyRefInput;
export const ListCurrenciesQuery = z.strictObject({ ...Paging });
