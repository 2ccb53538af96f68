import { access, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { writeSecretFile } from '../node/key-files';

/**
 * A terminal wallet's folder: `key.pem` (the device's private key, 0600), `cert.pem` and `cert.ca.pem`
 * (what the organisation's CA issued), `wallet.json` (0600: the gateway, the identity, its API key and the
 * default account). Nothing in it ever leaves the machine but the API key, sent to the gateway.
 */
export interface WalletConfig {
  readonly gateway: string;
  readonly identity: string;
  readonly party?: string;
  readonly apiKey: string;
  readonly account?: string;
}

export class WalletStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The folder from `--wallet`, else `ALLIANCE_WALLET`, else `~/.alliance-wallet`. */
  static locate(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): WalletStore {
    return new WalletStore(path.resolve(flag ?? env.ALLIANCE_WALLET ?? path.join(homedir(), '.alliance-wallet')));
  }

  get keyFile(): string {
    return path.join(this.dir, 'key.pem');
  }

  get certificateFile(): string {
    return path.join(this.dir, 'cert.pem');
  }

  get configFile(): string {
    return path.join(this.dir, 'wallet.json');
  }

  /** Whether an enrolment finished here (its configuration was written). */
  async exists(): Promise<boolean> {
    return access(this.configFile).then(
      () => true,
      () => false,
    );
  }

  async read(): Promise<WalletConfig> {
    let text: string;
    try {
      text = await readFile(this.configFile, 'utf8');
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new WalletError(`no wallet in ${this.dir}: run \`alliance-wallet enroll\` first`);
      }
      throw error;
    }
    return JSON.parse(text) as WalletConfig;
  }

  async write(config: WalletConfig): Promise<void> {
    await writeSecretFile(this.configFile, `${JSON.stringify(config, null, 2)}\n`, { overwrite: true });
  }
}

/** A problem with the wallet on this machine (missing, unreadable), not with the gateway. */
export class WalletError extends Error {
  override readonly name = 'WalletError';
}
