import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as currencies from './currency.service';
import * as redemptions from './redemption.service';
import * as wallets from './wallet.service';

/**
 * Currencies and wallets (DOMAIN.md §2). Currencies are registered by executing a consortium proposal
 * (`consortium:ExecuteProposal` of kind REGISTER_CURRENCY), never by a transaction of their own.
 */
@Info({
  title: 'wallets',
  description: 'Digital-funds wallets: accounts, issue, transfer, redeem, hot-account credits',
})
export class WalletsContract extends AllianceContract {
  constructor() {
    super('wallets');
  }

  @Transaction()
  @Returns('string')
  OpenAccount(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(wallets.openAccount(ctx, input));
  }

  @Transaction()
  @Returns('string')
  Issue(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(wallets.issue(ctx, input));
  }

  @Transaction()
  @Returns('string')
  Transfer(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(wallets.transfer(ctx, input));
  }

  @Transaction()
  @Returns('string')
  CompactAccount(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(wallets.compactAccount(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RequestRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.requestRedemption(ctx, input));
  }

  @Transaction()
  @Returns('string')
  ExecuteRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.executeRedemption(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RejectRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.rejectRedemption(ctx, input));
  }

  @Transaction()
  @Returns('string')
  CancelRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.cancelRedemption(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetAccount(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(wallets.getAccountView(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetBalance(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(wallets.getBalance(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListAccounts(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(wallets.listAccounts(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.getRedemption(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListRedemptions(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.listRedemptions(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetCurrency(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(currencies.getCurrencyView(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListCurrencies(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(currencies.listCurrencies(ctx, input));
  }
}
