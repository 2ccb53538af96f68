import { common, gateway, peer } from '@hyperledger/fabric-protos';
import { signedMessageOf } from './signed-message';

describe('signedMessageOf', () => {
  const proposalBytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);

  it("finds a ProposedTransaction's proposal bytes, as fabric-gateway's Proposal.getBytes() holds them", () => {
    const signed = new peer.SignedProposal();
    signed.setProposalBytes(proposalBytes);
    const proposed = new gateway.ProposedTransaction();
    proposed.setTransactionId('a'.repeat(64));
    proposed.setProposal(signed);
    proposed.setEndorsingOrganizationsList(['EcommerceMSP', 'FinanceMSP']);
    expect(Buffer.from(signedMessageOf(proposed.serializeBinary()))).toEqual(Buffer.from(proposalBytes));
  });

  it("finds a PreparedTransaction's envelope payload", () => {
    const envelope = new common.Envelope();
    envelope.setPayload(proposalBytes.slice(7));
    envelope.setSignature(new Uint8Array([1, 2, 3]));
    const prepared = new gateway.PreparedTransaction();
    prepared.setTransactionId('b'.repeat(64));
    prepared.setEnvelope(envelope);
    expect(Buffer.from(signedMessageOf(prepared.serializeBinary()))).toEqual(Buffer.from(proposalBytes.slice(7)));
  });

  it('refuses bytes that are not such a message', () => {
    expect(() => signedMessageOf(new Uint8Array([]))).toThrow(/signed proposal or envelope \(field 2\) is missing/);
    expect(() => signedMessageOf(new Uint8Array([0x12, 0x05, 0x0a]))).toThrow(/past the end/);
    expect(() => signedMessageOf(new Uint8Array([0x13]))).toThrow(/wire type/);
    expect(() => signedMessageOf(new Uint8Array([0x12, 0x02, 0x0a, 0x00, 0x12, 0x02, 0x0a, 0x00]))).toThrow(/twice/);
    expect(() => signedMessageOf(new Uint8Array([0x12, 0xff]))).toThrow(/truncated varint/);
  });
});
