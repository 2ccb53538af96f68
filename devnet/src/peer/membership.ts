import { verifyIssuedBy } from '../msp';

/**
 * The channel's view of its member organisations: which CA issues each MSP's identities. A creator
 * is accepted only if its certificate chains to its claimed MSP's root CA and is valid now.
 */
export class MembershipService {
  readonly #roots: ReadonlyMap<string, readonly string[]>;
  readonly #verdicts = new Map<string, string | undefined>();
  readonly #now: () => Date;

  constructor(roots: ReadonlyMap<string, readonly string[]>, now: () => Date) {
    this.#roots = roots;
    this.#now = now;
  }

  get mspIds(): string[] {
    return [...this.#roots.keys()];
  }

  /** Returns undefined when the creator is valid, else the reason it is not. Verdicts are cached per certificate. */
  async validateCreator(mspId: string, certificatePem: string): Promise<string | undefined> {
    const cacheKey = `${mspId}\n${certificatePem}`;
    if (this.#verdicts.has(cacheKey)) return this.#verdicts.get(cacheKey);
    const roots = this.#roots.get(mspId);
    let verdict: string | undefined = 'the MSP is not a member of the channel';
    if (roots) {
      verdict = 'the certificate is not issued by the MSP\u2019s CA or is not valid now';
      for (const root of roots) {
        if (await verifyIssuedBy(certificatePem, root, this.#now())) {
          verdict = undefined;
          break;
        }
      }
    }
    if (this.#verdicts.size > 10_000) this.#verdicts.clear();
    this.#verdicts.set(cacheKey, verdict);
    return verdict;
  }
}
