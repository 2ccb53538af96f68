import type { IdentityRegistry } from '../auth/identity-registry';
import { toProblem } from '../http/to-problem';
import { createMetrics } from '../observability/metrics';
import { TransactionService } from '../transactions/transaction-service';
import { DeployedChaincode, TransactionNotDeployed, transactionNames } from './deployed-chaincode';
import type { ChaincodeDefinition, LedgerPort, SigningIdentity } from './ledger-port';

/** fabric-contract-api's metadata document with these `contract:Transaction` names. */
function metadataOf(names: readonly string[]): unknown {
  const contracts: Record<string, { transactions: { name: string }[] }> = {};
  for (const full of names) {
    const [contract = '', name = ''] = full.split(':');
    (contracts[contract] ??= { transactions: [] }).transactions.push({ name });
  }
  return { contracts };
}

/** A ledger whose committed definition the test changes, counting what the gateway asked. */
class LifecycleLedger {
  definitionQueries = 0;
  metadataQueries = 0;
  submits = 0;
  down = false;
  version = '1.0';
  sequence = 1n;
  transactions = ['settlements:GetSettlement', 'settlements:ConfirmReceipt'];

  chaincodeDefinition = (): Promise<ChaincodeDefinition> => {
    this.definitionQueries++;
    if (this.down) return Promise.reject(new Error('no peer answers'));
    return Promise.resolve({
      name: 'alliance',
      version: this.version,
      sequence: this.sequence,
      endorsementPlugin: 'escc',
      validationPlugin: 'vscc',
      approvals: {},
    });
  };

  contractMetadata = (): Promise<unknown> => {
    this.metadataQueries++;
    return Promise.resolve(metadataOf(this.transactions));
  };

  submit = (): Promise<never> => {
    this.submits++;
    return Promise.reject(new Error('not in this test'));
  };

  upgrade(version: string, added: string): void {
    this.version = version;
    this.sequence++;
    this.transactions = [...this.transactions, added];
  }
}

describe('DeployedChaincode', () => {
  let clock = 0;
  const now = (): number => clock;
  beforeEach(() => {
    clock = 0;
  });

  it('learns the definition from the lifecycle and the transactions from the contract metadata', async () => {
    const ledger = new LifecycleLedger();
    const deployed = await new DeployedChaincode({ ledger, now }).current();
    expect(deployed).toMatchObject({ name: 'alliance', version: '1.0', sequence: 1n });
    expect([...deployed.transactions]).toEqual(['settlements:GetSettlement', 'settlements:ConfirmReceipt']);
  });

  it('asks the lifecycle again in the background once maxAgeMs old, the metadata only on a new sequence', async () => {
    const ledger = new LifecycleLedger();
    const deployed = new DeployedChaincode({ ledger, now, maxAgeMs: 1000 });
    await deployed.current();
    clock = 999;
    await deployed.current();
    expect([ledger.definitionQueries, ledger.metadataQueries]).toEqual([1, 1]);
    clock = 1000;
    await deployed.current();
    await deployed.refresh(); // joins the lookup that call started
    expect([ledger.definitionQueries, ledger.metadataQueries]).toEqual([2, 1]);
    ledger.upgrade('2.0', 'memo:SetSettlementMemo');
    clock = 2000;
    // The call that finds it old answers what it knew, and starts learning the new one.
    expect(await deployed.current()).toMatchObject({ version: '1.0', sequence: 1n });
    await deployed.refresh();
    expect(await deployed.current()).toMatchObject({ version: '2.0', sequence: 2n });
    expect([ledger.definitionQueries, ledger.metadataQueries]).toEqual([3, 2]);
  });

  it('refuses a transaction the deployed version does not declare, after learning the definition once more', async () => {
    const ledger = new LifecycleLedger();
    const deployed = new DeployedChaincode({ ledger, now });
    await deployed.require('settlements:ConfirmReceipt');
    const refused = await deployed.require('memo:SetSettlementMemo').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(TransactionNotDeployed);
    expect(refused).toMatchObject({
      transaction: 'memo:SetSettlementMemo',
      deployed: { name: 'alliance', version: '1.0', sequence: 1n },
    });
    expect(ledger.definitionQueries).toBe(2);
    // The consortium commits version 2: the next call finds it without waiting for maxAgeMs.
    ledger.upgrade('2.0', 'memo:SetSettlementMemo');
    await deployed.require('memo:SetSettlementMemo');
  });

  it('lets calls through when the definition cannot be learned, and asks again next time', async () => {
    const ledger = new LifecycleLedger();
    ledger.down = true;
    const deployed = new DeployedChaincode({ ledger, now });
    await deployed.require('memo:SetSettlementMemo');
    await expect(deployed.current()).rejects.toThrow('no peer answers');
    ledger.down = false;
    expect(await deployed.current()).toMatchObject({ version: '1.0' });
  });

  it('keeps answering the last definition learned while the lifecycle cannot be asked', async () => {
    const ledger = new LifecycleLedger();
    const deployed = new DeployedChaincode({ ledger, now, maxAgeMs: 1000 });
    await deployed.current();
    ledger.down = true;
    clock = 5000;
    expect(await deployed.current()).toMatchObject({ version: '1.0' });
    await expect(deployed.refresh()).rejects.toThrow('no peer answers');
    await deployed.require('settlements:ConfirmReceipt');
  });

  it('shares one lookup among the calls that arrive while it runs', async () => {
    const ledger = new LifecycleLedger();
    const deployed = new DeployedChaincode({ ledger, now });
    await Promise.all([deployed.current(), deployed.current(), deployed.require('settlements:GetSettlement')]);
    expect([ledger.definitionQueries, ledger.metadataQueries]).toEqual([1, 1]);
  });

  it('does not refuse by a metadata document that lists no transactions', async () => {
    const ledger = new LifecycleLedger();
    ledger.transactions = [];
    await new DeployedChaincode({ ledger, now }).require('settlements:ConfirmReceipt');
    expect(transactionNames({ contracts: 'nonsense' }).size).toBe(0);
  });

  it('makes the transaction service refuse the call before it reaches a peer, as a 409 problem', async () => {
    const ledger = new LifecycleLedger();
    const service = new TransactionService({
      ledger: ledger as unknown as LedgerPort,
      identities: { signer: () => Promise.resolve({} as SigningIdentity) } as unknown as IdentityRegistry,
      metrics: createMetrics(),
      commitTimeoutMs: 1000,
      deployed: new DeployedChaincode({ ledger, now }),
    });
    const principal = { id: 'key:1', identity: 'EcommerceMSP:buyer1' };
    const refused = await service
      .submit(principal, { transaction: 'memo:SetSettlementMemo', input: { memo: 'gift' } })
      .catch((err: unknown) => err);
    expect(ledger.submits).toBe(0);
    const problem = toProblem(refused);
    expect(problem).toMatchObject({
      code: 'TRANSACTION_NOT_DEPLOYED',
      status: 409,
      extensions: { transaction: 'memo:SetSettlementMemo', deployed: { version: '1.0', sequence: '1' } },
    });
    expect(problem.message).toMatch(/alliance version 1\.0, sequence 1\) has no transaction memo:SetSettlementMemo/);
    // The check offline signing runs before it prepares a proposal for a device to sign.
    await expect(service.requireDeployed('memo:SetSettlementMemo')).rejects.toBeInstanceOf(TransactionNotDeployed);
    await service.requireDeployed('settlements:ConfirmReceipt');
  });
});
