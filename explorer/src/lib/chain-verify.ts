import { headerFieldsToBytes } from '@allianceledger/fabric-protocol/block-header';
import { fromHex, sha256Hex } from './hex';

/** A block header as `GET /api/v1/blocks` lists it: the hashed fields and the hash the gateway reports. */
export interface ReportedHeader {
  readonly number: string;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly hash: string;
}

/** One block of a verified range: its re-computed hash, and its link to the block before. */
export interface LinkCheck {
  readonly number: string;
  /** SHA-256 of the DER header, computed here. */
  readonly computedHash: string;
  readonly reportedHash: string;
  /** The computed hash equals what the gateway reported. */
  readonly hashMatches: boolean;
  /** The block's previousHash equals the computed hash of the block before it; undefined for the first of the range. */
  readonly linked?: boolean;
  /** The number follows the one before. */
  readonly consecutive?: boolean;
  readonly ok: boolean;
}

export interface ChainCheck {
  readonly ok: boolean;
  readonly links: readonly LinkCheck[];
}

/**
 * Fabric's block hash, computed in the browser: SHA-256 of the ASN.1 DER SEQUENCE {number, previousHash,
 * dataHash} — the header bytes come from fabric-protocol's own encoder, bundled.
 */
export function blockHeaderHash(header: Omit<ReportedHeader, 'hash'>): Promise<string> {
  return sha256Hex(
    headerFieldsToBytes({
      number: BigInt(header.number),
      previousHash: fromHex(header.previousHash),
      dataHash: fromHex(header.dataHash),
    }),
  );
}

/**
 * Re-hashes every header of a range (any order given; checked in ascending order) and checks each link: the
 * hash the gateway reported is the one computed here, and each block's previousHash is the computed hash of
 * the block before. The first block's own previousHash is taken on trust.
 */
export async function verifyChain(headers: readonly ReportedHeader[]): Promise<ChainCheck> {
  const ascending = [...headers].sort((a, b) => (BigInt(a.number) < BigInt(b.number) ? -1 : 1));
  const links: LinkCheck[] = [];
  let previous: { number: bigint; hash: string } | undefined;
  for (const header of ascending) {
    const computedHash = await blockHeaderHash(header);
    const hashMatches = computedHash === header.hash;
    const number = BigInt(header.number);
    const linked = previous ? header.previousHash === previous.hash : undefined;
    const consecutive = previous ? number === previous.number + 1n : undefined;
    links.push({
      number: header.number,
      computedHash,
      reportedHash: header.hash,
      hashMatches,
      ...(linked === undefined ? {} : { linked }),
      ...(consecutive === undefined ? {} : { consecutive }),
      ok: hashMatches && linked !== false && consecutive !== false,
    });
    previous = { number, hash: computedHash };
  }
  return { ok: links.every((l) => l.ok), links };
}
