import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as certificates from './certificate.service';
import * as meters from './meter.service';
import * as offers from './offer.service';
import * as settlement from './settlement.service';

/**
 * Energy trading (DOMAIN.md §7, the IOP paper): meters registered by the grid organisation, offers of
 * Wh for a delivery window, purchases with the price frozen, settlement from the meters' oracle feeds
 * pro rata to what was delivered and received, and green certificates retired once.
 */
@Info({
  title: 'energy',
  description: 'Energy trading by delivery window, settled from meter feeds; green certificates',
})
export class EnergyContract extends AllianceContract {
  constructor() {
    super('energy');
  }

  @Transaction()
  @Returns('string')
  RegisterMeter(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(meters.registerMeter(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetMeter(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(meters.getMeter(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListMeters(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(meters.listMeters(ctx, input));
  }

  @Transaction()
  @Returns('string')
  OfferEnergy(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(offers.offerEnergy(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetOffer(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(offers.getOffer(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListOffers(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(offers.listOffers(ctx, input));
  }

  @Transaction()
  @Returns('string')
  BuyEnergy(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(offers.buyEnergy(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetPurchase(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(offers.getPurchase(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListPurchases(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(offers.listPurchases(ctx, input));
  }

  @Transaction()
  @Returns('string')
  SettleWindow(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(settlement.settleWindow(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetCertificate(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(certificates.getCertificate(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListCertificates(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(certificates.listCertificates(ctx, input));
  }

  @Transaction()
  @Returns('string')
  TransferCertificate(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(certificates.transferCertificate(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RetireCertificate(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(certificates.retireCertificate(ctx, input));
  }
}
