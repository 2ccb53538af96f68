import type { TestGateway } from './test-gateway';

/** The chaincode's party id (`<msp>::<x509 id>`) of a gateway identity, asked of the ledger itself. */
export async function partyOf(t: TestGateway, identity: string): Promise<string> {
  const me = await t.gateway.ledger.evaluate({
    signer: await t.gateway.identities.signer(identity),
    transaction: 'members:WhoAmI',
    arguments: ['{}'],
  });
  return (JSON.parse(Buffer.from(me).toString()) as { caller: { party: string } }).caller.party;
}
