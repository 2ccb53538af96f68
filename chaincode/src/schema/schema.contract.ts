import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as migration from './migration.service';

/** Schema versions of stored records: the paged migration of a record type to the current version. */
@Info({ title: 'schema', description: 'Migrates stored records to the current schema version, a page at a time' })
export class SchemaContract extends AllianceContract {
  constructor() {
    super('schema');
  }

  @Transaction(false)
  @Returns('string')
  ListStaleRecords(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(migration.listStaleRecords(ctx, input));
  }

  @Transaction()
  @Returns('string')
  MigrateRecords(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(migration.migrateRecords(ctx, input));
  }
}
