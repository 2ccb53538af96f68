import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as proposals from './proposal.service';

/** Consortium decisions (DOMAIN.md §1): a majority of member orgs approves, then anyone of them executes. */
@Info({ title: 'consortium', description: 'Consortium decisions: propose, approve by a majority of orgs, execute' })
export class ConsortiumContract extends AllianceContract {
  constructor() {
    super('consortium');
  }

  @Transaction()
  @Returns('string')
  CreateProposal(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(proposals.createProposal(ctx, input));
  }

  @Transaction()
  @Returns('string')
  ApproveProposal(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(proposals.approveProposal(ctx, input));
  }

  @Transaction()
  @Returns('string')
  ExecuteProposal(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(proposals.executeProposal(ctx, input));
  }

  @Transaction()
  @Returns('string')
  WithdrawProposal(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(proposals.withdrawProposal(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetProposal(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(proposals.getProposal(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListProposals(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(proposals.listProposals(ctx, input));
  }
}
