import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { KeyEndorsementPolicy } from 'fabric-shim';

/**
 * devnet's own test contract: small transactions that exercise each ledger behaviour a peer provides.
 * Not product code.
 */
@Info({ title: 'KvContract', description: 'devnet test contract' })
export class KvContract extends Contract {
  constructor() {
    super('kv');
  }

  @Transaction()
  async Put(ctx: Context, key: string, value: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from(value));
    ctx.stub.setEvent('Put', Buffer.from(JSON.stringify({ key, value })));
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: Context, key: string): Promise<string> {
    return Buffer.from(await ctx.stub.getState(key)).toString();
  }

  @Transaction()
  async Delete(ctx: Context, key: string): Promise<void> {
    await ctx.stub.deleteState(key);
  }

  /** Writes then reads the same key: returns what the read saw. */
  @Transaction()
  @Returns('string')
  async PutThenGet(ctx: Context, key: string, value: string): Promise<string> {
    await ctx.stub.putState(key, Buffer.from(value));
    return Buffer.from(await ctx.stub.getState(key)).toString();
  }

  /** Read-modify-write of one counter key. */
  @Transaction()
  @Returns('number')
  async Increment(ctx: Context, key: string): Promise<number> {
    const current = Buffer.from(await ctx.stub.getState(key)).toString();
    const next = (current === '' ? 0 : Number(current)) + 1;
    await ctx.stub.putState(key, Buffer.from(String(next)));
    return next;
  }

  /** Adds an item under a composite-key index. */
  @Transaction()
  async AddItem(ctx: Context, group: string, id: string): Promise<void> {
    await ctx.stub.putState(ctx.stub.createCompositeKey('item', [group, id]), Buffer.from(id));
  }

  /** Counts a group's items by range scan and writes the count: phantom-read sensitive. */
  @Transaction()
  @Returns('number')
  async CountItems(ctx: Context, group: string): Promise<number> {
    let count = 0;
    for await (const item of ctx.stub.getStateByPartialCompositeKey('item', [group])) if (item.key) count++;
    await ctx.stub.putState(`count~${group}`, Buffer.from(String(count)));
    return count;
  }

  @Transaction(false)
  @Returns('string')
  async ListItems(ctx: Context, group: string, pageSize: number, bookmark: string): Promise<string> {
    const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
      'item',
      [group],
      pageSize,
      bookmark,
    );
    const ids: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next())
      ids.push(Buffer.from(r.value.value).toString());
    await iterator.close();
    // A Fabric peer sends no metadata with an empty page; say so rather than inventing one.
    const meta = metadata as typeof metadata | undefined;
    return JSON.stringify(
      meta ? { ids, bookmark: meta.bookmark, count: meta.fetchedRecordsCount } : { ids, metadata: 'none' },
    );
  }

  /** Two paginated queries in one transaction: allowed in a read-only one. */
  @Transaction(false)
  @Returns('string')
  async ListItemsTwice(ctx: Context, group: string): Promise<string> {
    const counts: number[] = [];
    for (let i = 0; i < 2; i++) {
      const { iterator } = await ctx.stub.getStateByPartialCompositeKeyWithPagination('item', [group], 2, '');
      let n = 0;
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) n++;
      await iterator.close();
      counts.push(n);
    }
    return JSON.stringify(counts);
  }

  /** A write, then a paginated query (Fabric refuses the query). */
  @Transaction()
  async PutThenListItems(ctx: Context, key: string, group: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from('v'));
    await ctx.stub.getStateByPartialCompositeKeyWithPagination('item', [group], 2, '');
  }

  /** A paginated query, then a write (Fabric refuses the write). */
  @Transaction()
  async ListItemsThenPut(ctx: Context, group: string, key: string): Promise<void> {
    const { iterator } = await ctx.stub.getStateByPartialCompositeKeyWithPagination('item', [group], 2, '');
    await iterator.close();
    await ctx.stub.putState(key, Buffer.from('v'));
  }

  /** A range query on private data, then a write (Fabric refuses the write). */
  @Transaction()
  async ScanPrivateThenPut(ctx: Context, collection: string, key: string): Promise<void> {
    for await (const kv of ctx.stub.getPrivateDataByRange(collection, '', '')) if (!kv.key) break;
    await ctx.stub.putState(key, Buffer.from('v'));
  }

  /** A write, then a range query on private data (Fabric refuses the query). */
  @Transaction()
  async PutThenScanPrivate(ctx: Context, key: string, collection: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from('v'));
    for await (const kv of ctx.stub.getPrivateDataByRange(collection, '', '')) if (!kv.key) break;
  }

  @Transaction()
  async PutPrivate(ctx: Context, collection: string, key: string): Promise<void> {
    const value = ctx.stub.getTransient().get('value');
    if (!value) throw new Error('transient field "value" is required');
    await ctx.stub.putPrivateData(collection, key, value);
  }

  @Transaction(false)
  @Returns('string')
  async GetPrivate(ctx: Context, collection: string, key: string): Promise<string> {
    return Buffer.from(await ctx.stub.getPrivateData(collection, key)).toString();
  }

  @Transaction(false)
  @Returns('string')
  async GetPrivateHash(ctx: Context, collection: string, key: string): Promise<string> {
    return Buffer.from(await ctx.stub.getPrivateDataHash(collection, key)).toString('hex');
  }

  @Transaction(false)
  @Returns('string')
  WhoAmI(ctx: Context): Promise<string> {
    const id = ctx.clientIdentity;
    const json = JSON.stringify({
      id: id.getID(),
      mspId: id.getMSPID(),
      role: id.getAttributeValue('role'),
      enrollmentId: id.getAttributeValue('hf.EnrollmentID'),
      txId: ctx.stub.getTxID(),
      channelId: ctx.stub.getChannelID(),
      seconds: ctx.stub.getTxTimestamp().seconds.toString(),
    });
    return Promise.resolve(json);
  }

  @Transaction(false)
  @Returns('string')
  async History(ctx: Context, key: string): Promise<string> {
    const out: { txId: string; value: string; isDelete: boolean }[] = [];
    for await (const m of ctx.stub.getHistoryForKey(key)) {
      out.push({ txId: m.txId, value: Buffer.from(m.value).toString(), isDelete: m.isDelete });
    }
    return JSON.stringify(out);
  }

  @Transaction()
  async SetKeyPolicy(ctx: Context, key: string, orgsJson: string): Promise<void> {
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('MEMBER', ...(JSON.parse(orgsJson) as string[]));
    await ctx.stub.setStateValidationParameter(key, policy.getPolicy());
  }

  @Transaction(false)
  @Returns('string')
  async GetKeyPolicyOrgs(ctx: Context, key: string): Promise<string> {
    const ep = await ctx.stub.getStateValidationParameter(key);
    return JSON.stringify(new KeyEndorsementPolicy(ep).listOrgs());
  }

  @Transaction(false)
  @Returns('string')
  async RichQuery(ctx: Context): Promise<string> {
    const out: string[] = [];
    for await (const kv of ctx.stub.getQueryResult('{"selector":{}}')) out.push(kv.key);
    return JSON.stringify(out);
  }

  @Transaction()
  async Fail(_ctx: Context, message: string): Promise<void> {
    await Promise.resolve();
    throw new Error(message);
  }
}

/** The fabric-contract-api module convention, so that `devnet serve --chaincode` can load this file. */
export const contracts = [KvContract];
