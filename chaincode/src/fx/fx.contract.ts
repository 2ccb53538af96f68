import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as providers from './provider.service';
import * as quotes from './quote.service';

/**
 * Cross-currency payment (DOMAIN.md §7, patent step S103): liquidity providers, quotes at an FX feed's
 * fresh rate with an expiry, payment at the rate of the paying transaction within a slippage bound.
 */
@Info({ title: 'fx', description: 'Cross-currency payment through liquidity providers at an FX feed rate' })
export class FxContract extends AllianceContract {
  constructor() {
    super('fx');
  }

  @Transaction()
  @Returns('string')
  RegisterProvider(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(providers.registerProvider(ctx, input));
  }

  @Transaction()
  @Returns('string')
  SetProviderStatus(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(providers.setProviderStatus(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetProvider(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(providers.getProvider(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListProviders(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(providers.listProviders(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RequestQuote(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(quotes.requestQuote(ctx, input));
  }

  @Transaction()
  @Returns('string')
  PayQuote(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(quotes.payQuote(ctx, input));
  }

  @Transaction()
  @Returns('string')
  CancelQuote(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(quotes.cancelQuote(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetQuote(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(quotes.getQuote(ctx, input));
  }
}
