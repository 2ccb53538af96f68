import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as purchases from './purchase.service';
import * as redemptions from './redemption.service';
import * as classes from './right-class.service';
import * as spaces from './space.service';
import * as tokens from './token.service';
import * as transfers from './transfer.service';

/**
 * Commodity rights as non-fungible tokens (DOMAIN.md §7, seed patent CN 39188050): trading spaces and
 * their entry tokens, classes of rights whose units are bound to token ids, pay-and-mint, gifts,
 * resales paid through wallets with a royalty, redemption for the goods (lock, then burn), and the
 * ERC-721-style queries `OwnerOf` and `BalanceOf`.
 */
@Info({ title: 'rights', description: 'Commodity rights as NFTs: trading spaces, pay-and-mint, resale, redemption' })
export class RightsContract extends AllianceContract {
  constructor() {
    super('rights');
  }

  @Transaction()
  @Returns('string')
  OpenSpace(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(spaces.openSpace(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetSpace(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(spaces.getSpace(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ResolveEntry(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(spaces.resolveEntry(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListOffers(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(spaces.listOffers(ctx, input));
  }

  @Transaction()
  @Returns('string')
  BindWallet(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(spaces.bindWallet(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RegisterRightClass(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(classes.registerRightClass(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetRightClass(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(classes.getRightClass(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListClassTokens(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(classes.listClassTokens(ctx, input));
  }

  @Transaction()
  @Returns('string')
  PurchaseRight(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(purchases.purchaseRight(ctx, input));
  }

  @Transaction()
  @Returns('string')
  TransferRight(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(transfers.transferRight(ctx, input));
  }

  @Transaction()
  @Returns('string')
  ListForResale(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(transfers.listForResale(ctx, input));
  }

  @Transaction()
  @Returns('string')
  CancelResale(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(transfers.cancelResale(ctx, input));
  }

  @Transaction()
  @Returns('string')
  BuyResale(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(transfers.buyResale(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RequestRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.requestRedemption(ctx, input));
  }

  @Transaction()
  @Returns('string')
  WithdrawRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.withdrawRedemption(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RefuseRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.refuseRedemption(ctx, input));
  }

  @Transaction()
  @Returns('string')
  FulfilRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.fulfilRedemption(ctx, input));
  }

  @Transaction()
  @Returns('string')
  ConfirmRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.confirmRedemption(ctx, input));
  }

  @Transaction()
  @Returns('string')
  ExpireRedemption(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(redemptions.expireRedemption(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetToken(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(tokens.getToken(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  OwnerOf(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(tokens.ownerOf(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  BalanceOf(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(tokens.balanceOf(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListTokens(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(tokens.listTokensOf(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetProvenance(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(tokens.getProvenance(ctx, input));
  }
}
