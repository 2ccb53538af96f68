import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { RoleSchema } from '@allianceledger/contract';
import { z } from 'zod';

/**
 * Identities registered at their organisation's CA whose onboarding is not complete (`onboarding.json`,
 * 0600): a self-custody identity until its device enrolls, a custodial one until its member record is on
 * chain and its first API key issued (a retry of the request resumes from here). A finished onboarding
 * leaves nothing behind; the identity registry then knows the identity.
 */
const OnboardingRecord = z.strictObject({
  /** `<MSP>:<enrollment ID>`. */
  identity: z.string(),
  mspId: z.string(),
  enrollmentId: z.string(),
  custody: z.enum(['custodial', 'self']),
  /** The roles registered at the CA (its `role` attribute) and, at the end, on chain. */
  roles: z.array(RoleSchema),
  /** The organisation admin who registered it: its member record is submitted as this identity. */
  registeredBy: z.string(),
  createdAt: z.string(),
  /** Self-custody: SHA-256 (hex) of the one-time enrollment secret; the secret itself is never kept. */
  secretSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** Self-custody: when the enrollment secret stops being accepted. */
  expiresAt: z.string().optional(),
  /**
   * Custodial, until its certificate is issued: the CA secret the gateway enrolls with. It never leaves the
   * gateway, and is dropped at enrollment (the identity's key, kept beside it, is worth more).
   */
  caSecret: z.string().optional(),
  /** Self-custody, once the CA issued its certificate: the CA's chain, answered again to a retried enrolment. */
  caChainPem: z.string().optional(),
  /** Revoked before its onboarding finished. */
  revokedAt: z.string().optional(),
});
/** One unfinished onboarding. */
export type OnboardingRecord = z.infer<typeof OnboardingRecord>;

/** The unfinished onboardings, in one JSON file written whole at each change (0600). */
export class OnboardingStore {
  readonly #file: string;
  readonly #records: Map<string, OnboardingRecord>;
  #saving: Promise<void> = Promise.resolve();

  private constructor(file: string, records: readonly OnboardingRecord[]) {
    this.#file = file;
    this.#records = new Map(records.map((r) => [r.identity, r]));
  }

  static async open(file: string): Promise<OnboardingStore> {
    if (!existsSync(file)) return new OnboardingStore(file, []);
    const parsed = z.array(OnboardingRecord).safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a valid onboarding file: ${parsed.error.message}`);
    return new OnboardingStore(file, parsed.data);
  }

  get(identity: string): OnboardingRecord | undefined {
    return this.#records.get(identity);
  }

  list(mspId: string): OnboardingRecord[] {
    return [...this.#records.values()].filter((r) => r.mspId === mspId);
  }

  async put(record: OnboardingRecord): Promise<OnboardingRecord> {
    this.#records.set(record.identity, OnboardingRecord.parse(record));
    await this.#save();
    return record;
  }

  async delete(identity: string): Promise<void> {
    if (this.#records.delete(identity)) await this.#save();
  }

  /** Whether `secret` is the record's enrollment secret (constant time). */
  static secretMatches(record: OnboardingRecord, secret: string): boolean {
    if (record.secretSha256 === undefined) return false;
    return timingSafeEqual(Buffer.from(record.secretSha256, 'hex'), Buffer.from(sha256(secret), 'hex'));
  }

  static hashSecret(secret: string): string {
    return sha256(secret);
  }

  /** Writes one at a time, each the whole current state, to a temporary file renamed into place. */
  #save(): Promise<void> {
    const write = async (): Promise<void> => {
      await mkdir(path.dirname(this.#file), { recursive: true, mode: 0o700 });
      const tmp = `${this.#file}.tmp`;
      await writeFile(tmp, `${JSON.stringify([...this.#records.values()], null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, this.#file);
      await chmod(this.#file, 0o600);
    };
    this.#saving = this.#saving.then(write, write);
    return this.#saving;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
