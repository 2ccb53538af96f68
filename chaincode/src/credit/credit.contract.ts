import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as credit from './credit.service';

/**
 * Credit records and the trust system (DOMAIN.md §4). Settlements and supply-chain finance write
 * records automatically; banks and arbitrators add records with evidence; the white- and blacklist
 * change only by consortium decision (`consortium:CreateProposal` of kind BLACKLIST, WHITELIST, DELIST).
 */
@Info({ title: 'credit', description: 'Credit records, scores, reports and the white/blacklist' })
export class CreditContract extends AllianceContract {
  constructor() {
    super('credit');
  }

  @Transaction()
  @Returns('string')
  AddCreditRecord(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(credit.addCreditRecord(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListCreditRecords(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(credit.listCreditRecords(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetCreditReport(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(credit.getCreditReport(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListCreditListEntries(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(credit.listCreditListEntries(ctx, input));
  }
}
