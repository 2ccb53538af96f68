import { randomBytes } from 'node:crypto';
import { protocol } from '@allianceledger/fabric-protocol';
import { blockHeaderHash, verifyChain, type ReportedHeader } from './chain-verify';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A chain of `n` headers hashed by fabric-protocol's Node code (what the gateway and devnet compute). */
function chain(n: number, first = 0n): ReportedHeader[] {
  const headers: ReportedHeader[] = [];
  let previousHash: Uint8Array = randomBytes(32);
  for (let i = 0; i < n; i++) {
    const fields = { number: first + BigInt(i), previousHash, dataHash: randomBytes(32) };
    const hash = protocol.blockHeaderHash(fields);
    headers.push({
      number: fields.number.toString(),
      previousHash: hex(previousHash),
      dataHash: hex(fields.dataHash),
      hash: hex(hash),
    });
    previousHash = hash;
  }
  return headers;
}

describe("the explorer's chain check (what runs in the browser)", () => {
  it('hashes a header as Fabric does, for numbers whose DER needs 1 to 9 octets', async () => {
    for (const number of [0n, 1n, 127n, 128n, 255n, 256n, 65_535n, 2n ** 31n, 2n ** 63n, 2n ** 64n - 1n]) {
      const fields = { number, previousHash: randomBytes(32), dataHash: randomBytes(32) };
      expect(
        await blockHeaderHash({
          number: number.toString(),
          previousHash: hex(fields.previousHash),
          dataHash: hex(fields.dataHash),
        }),
      ).toBe(hex(protocol.blockHeaderHash(fields)));
    }
  });

  it('accepts an intact chain, in any order, and shows every link', async () => {
    const headers = chain(6, 40n);
    const check = await verifyChain([...headers].reverse());
    expect(check.ok).toBe(true);
    expect(check.links.map((l) => [l.number, l.hashMatches, l.linked])).toEqual([
      ['40', true, undefined],
      ['41', true, true],
      ['42', true, true],
      ['43', true, true],
      ['44', true, true],
      ['45', true, true],
    ]);
  });

  it('refuses a tampered header: its hash is not the reported one, and the next block does not link to it', async () => {
    const headers = chain(4);
    const tampered = headers.map((h, i) => (i === 1 ? { ...h, dataHash: hex(randomBytes(32)) } : h));
    const check = await verifyChain(tampered);
    expect(check.ok).toBe(false);
    expect(check.links.map((l) => [l.number, l.ok])).toEqual([
      ['0', true],
      ['1', false],
      ['2', false],
      ['3', true],
    ]);
    expect(check.links[1]).toMatchObject({ hashMatches: false, linked: true });
    expect(check.links[2]).toMatchObject({ hashMatches: true, linked: false });
  });

  it('refuses a reported hash that is not the header hash, and a gap in the numbers', async () => {
    const headers = chain(3);
    expect((await verifyChain(headers.map((h, i) => (i === 2 ? { ...h, hash: hex(randomBytes(32)) } : h)))).ok).toBe(
      false,
    );
    const gap = await verifyChain([headers[0]!, { ...headers[1]!, number: '5' }]);
    expect(gap.ok).toBe(false);
  });
});
