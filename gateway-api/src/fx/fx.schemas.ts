import {
  PayQuoteInput,
  ProviderRecord,
  QuoteRecord,
  RegisterProviderInput,
  RequestQuoteInput,
  SetProviderStatusInput,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/**
 * Cross-currency payment over REST: liquidity providers and quotes, the contract's inputs and records.
 * A settlement request funded from another currency is `POST /settlements` with `exchange`.
 */

export const LiquidityProvider = ProviderRecord;
export const ProviderPage = pageOf(ProviderRecord).meta({ id: 'LiquidityProviderPage' });
export const RegisterProviderBody = RegisterProviderInput;
export const ProviderParams = z.strictObject({ providerId: RegisterProviderInput.shape.providerId });
export const ProviderStatusBody = SetProviderStatusInput.omit({ providerId: true });
export const ProvidersQuery = z.strictObject({ ...Paging });
export const Quote = QuoteRecord;
export const RequestQuoteBody = RequestQuoteInput;
export const QuoteParams = z.strictObject({ quoteId: QuoteRecord.shape.quoteId });
export const PayQuoteBody = PayQuoteInput.omit({ quoteId: true });
