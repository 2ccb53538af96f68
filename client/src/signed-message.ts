/**
 * What a Fabric creator signs, found inside the bytes the gateway hands out (fabric-gateway's
 * `Proposal.getBytes()` and `Transaction.getBytes()`): the proposal bytes of a `ProposedTransaction`
 * (`.proposal.proposal_bytes`) and the payload of a `PreparedTransaction` (`.envelope.payload`). Both sit at
 * field 1 of the message at field 2. A few lines of protobuf reading here spare the client the whole of
 * fabric-protos (and google-protobuf) in a browser bundle.
 */

/** The message whose SHA-256 is the digest to sign, inside a proposal or a transaction. */
export function signedMessageOf(bytes: Uint8Array): Uint8Array {
  const wrapper = fieldOf(bytes, 2, 'the signed proposal or envelope (field 2)');
  return fieldOf(wrapper, 1, 'the proposal bytes or payload (field 1)');
}

/** The one length-delimited field `number` of a protobuf message; throws when absent or repeated. */
function fieldOf(message: Uint8Array, number: number, what: string): Uint8Array {
  let found: Uint8Array | undefined;
  const reader = { bytes: message, at: 0 };
  while (reader.at < message.length) {
    const tag = varint(reader);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (wireType === 2) {
      const length = varint(reader);
      const end = reader.at + length;
      if (end > message.length) throw new Error('malformed protobuf: a field runs past the end');
      if (field === number) {
        if (found) throw new Error(`malformed message: ${what} appears twice`);
        found = message.subarray(reader.at, end);
      }
      reader.at = end;
    } else if (wireType === 0) {
      varint(reader);
    } else if (wireType === 1 || wireType === 5) {
      reader.at += wireType === 1 ? 8 : 4;
    } else {
      throw new Error(`malformed protobuf: wire type ${wireType}`);
    }
  }
  if (reader.at !== message.length) throw new Error('malformed protobuf: a field runs past the end');
  if (!found) throw new Error(`malformed message: ${what} is missing`);
  return found;
}

/** An unsigned varint (up to 2^53, plenty for tags and lengths). */
function varint(reader: { bytes: Uint8Array; at: number }): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    const byte = reader.bytes[reader.at++];
    if (byte === undefined) throw new Error('malformed protobuf: truncated varint');
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
  throw new Error('malformed protobuf: varint too long');
}
