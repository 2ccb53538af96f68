/** Who is calling: an authenticated client and the member identity it acts as. */
export interface Principal {
  /** Stable id of the credential: `key:<id>` for an API key, `jwt:<sub>` for a token. */
  readonly id: string;
  /** The identity registry name the gateway signs with, e.g. `EcommerceMSP:store1`. */
  readonly identity: string;
}
