import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as keeper from './keeper.service';

/**
 * The deadline index the keeper reads (DOMAIN.md §3 step 5): every time limit the chaincode enforces
 * is listed here once it has passed, with the transaction that acts on it.
 */
@Info({ title: 'keeper', description: 'Deadlines that have passed, for the keeper to act on' })
export class KeeperContract extends AllianceContract {
  constructor() {
    super('keeper');
  }

  @Transaction(false)
  @Returns('string')
  ListDue(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(keeper.listDue(ctx, input));
  }
}
