import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as observations from './observation.service';

/**
 * Oracles (DOMAIN.md §7): feeds registered by consortium decision (`consortium:CreateProposal` with
 * REGISTER_FEED, REMOVE_ORACLE), k-of-n reports per round, the lower median of the fresh reports as the
 * value contracts consume, and every round kept as history.
 */
@Info({ title: 'oracles', description: 'Oracle feeds: k-of-n reports per round, median of fresh reports' })
export class OraclesContract extends AllianceContract {
  constructor() {
    super('oracles');
  }

  @Transaction()
  @Returns('string')
  ReportObservation(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(observations.reportObservation(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetFeed(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(observations.getFeed(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListFeeds(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(observations.listFeeds(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetRound(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(observations.getRound(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListRounds(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(observations.listRounds(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetValue(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(observations.getValue(ctx, input));
  }
}
