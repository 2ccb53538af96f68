import { protocol } from '@allianceledger/fabric-protocol';

/**
 * google-protobuf registers generated classes on one global `proto` namespace, so two copies of
 * @hyperledger/fabric-protos in one process replace each other's classes and break devnet's block
 * decoding (`instanceof` fails). The workspace therefore resolves a single copy (root `overrides`); this
 * test loads devnet and then fabric-gateway, in the gateway's order, and decodes a block after both.
 */
it("decodes a block with devnet's decoder after fabric-gateway is loaded", async () => {
  const bytes = protocol.newBlock(1n, new Uint8Array(32), []).serializeBinary();
  expect(protocol.decodeBlock(bytes).number).toBe(1n);
  await import('@hyperledger/fabric-gateway');
  expect(protocol.decodeBlock(bytes).number).toBe(1n);
});
