import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as fulfilment from './fulfilment.service';
import * as queries from './query.service';
import * as release from './release.service';
import * as request from './request.service';

/**
 * Store orders and their C2C escrow settlement (DOMAIN.md §3): request → acknowledge → ship →
 * (deliver) → confirm | settle-expired, cancel before shipment, dispute → arbitrate.
 */
@Info({ title: 'settlements', description: 'Store orders with C2C escrow settlement' })
export class SettlementsContract extends AllianceContract {
  constructor() {
    super('settlements');
  }

  @Transaction()
  @Returns('string')
  RequestSettlement(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(request.requestSettlement(ctx, input));
  }

  @Transaction()
  @Returns('string')
  AcknowledgePayment(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(fulfilment.acknowledgePayment(ctx, input));
  }

  @Transaction()
  @Returns('string')
  Ship(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(fulfilment.ship(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RecordDelivery(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(fulfilment.recordDelivery(ctx, input));
  }

  @Transaction()
  @Returns('string')
  ConfirmReceipt(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(release.confirmReceipt(ctx, input));
  }

  @Transaction()
  @Returns('string')
  SettleExpired(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(release.settleExpired(ctx, input));
  }

  @Transaction()
  @Returns('string')
  Cancel(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(release.cancel(ctx, input));
  }

  @Transaction()
  @Returns('string')
  Dispute(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(release.dispute(ctx, input));
  }

  @Transaction()
  @Returns('string')
  Arbitrate(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(release.arbitrate(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetOrder(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(queries.getOrder(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetOrderDetails(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(queries.getOrderDetails(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetSettlement(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(queries.getSettlement(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListOrders(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(queries.listOrders(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListSettlements(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(queries.listSettlements(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetOrderHistory(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(queries.getOrderHistory(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetSettlementHistory(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(queries.getSettlementHistory(ctx, input));
  }
}
