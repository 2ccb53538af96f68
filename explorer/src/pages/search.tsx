import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { go } from '../router';
import type { Verification } from '../types';

/** What a query names: a block number, or a 64-digit hash that is a transaction, a block or an evidence hash. */
async function resolve(query: string): Promise<string | undefined> {
  if (/^(0|[1-9][0-9]*)$/.test(query)) return `#/blocks/${query}`;
  if (!/^[0-9a-fA-F]{64}$/.test(query)) return undefined;
  const hash = query.toLowerCase();
  const found = async (path: string): Promise<boolean> => {
    try {
      await get<unknown>(path);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return false;
      throw err;
    }
  };
  if (await found(`/transactions/${hash}`)) return `#/tx/${hash}`;
  try {
    const block = await get<{ number: string }>(`/blocks/by-hash/${hash}`);
    return `#/blocks/${block.number}`;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  const evidence = await get<Verification>(`/evidence/${hash}/verification`);
  return evidence.registered ? `#/evidence/${hash}` : undefined;
}

/** Finds what the query names and goes there, or says nothing was found. */
export function Search(props: { query: string }): JSX.Element {
  const [state, setState] = useState<'searching' | 'none' | Error>('searching');
  useEffect(() => {
    resolve(props.query).then(
      (target) => {
        if (target) go(target);
        else setState('none');
      },
      (err: unknown) => {
        setState(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }, [props.query]);
  return (
    <section class="card" data-testid="search-result">
      <h2>Search</h2>
      {state === 'searching' && <p class="muted">Looking for {props.query}…</p>}
      {state === 'none' && (
        <p>
          Nothing found for <span class="mono">{props.query}</span>: not a block number, a transaction id, a block hash
          or a registered evidence hash.
        </p>
      )}
      {state instanceof Error && <p class="error">{state.message}</p>}
    </section>
  );
}
