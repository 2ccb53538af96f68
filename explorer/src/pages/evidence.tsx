import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api';
import { checkProof, fileDigest, type ProofAnswer } from '../lib/evidence-check';
import { time } from '../lib/format';
import type { Verification } from '../types';
import { BlockLink, ErrorNote, Fields, TxLink } from './common';

type ProofState = { readonly ok: boolean } | { readonly unavailable: string } | undefined;

/**
 * Verify a document: its SHA-256 is computed here (the file never leaves the browser), then the gateway says
 * whether, by whom, when, in which transaction and block that hash was registered; a batched hash's Merkle
 * proof is checked here too, with the contract's own algorithm.
 */
export function EvidencePage(props: { hash: string | undefined }): JSX.Element {
  const [digest, setDigest] = useState(props.hash);
  const [fileName, setFileName] = useState<string>();
  const [verification, setVerification] = useState<Verification>();
  const [proof, setProof] = useState<ProofState>();
  const [error, setError] = useState<Error>();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    if (digest === undefined) return;
    setVerification(undefined);
    setProof(undefined);
    setError(undefined);
    void (async () => {
      try {
        const v = await get<Verification>(`/evidence/${digest}/verification`);
        setVerification(v);
        if (v.registered && v.batch) setProof(await proveHere(digest, v.batch.root));
      } catch (err) {
        setError(err instanceof Error ? err : new Error(String(err)));
      }
    })();
  }, [digest]);

  const take = (file: File | undefined): void => {
    if (!file) return;
    setFileName(file.name);
    fileDigest(file).then(setDigest, (err: unknown) => {
      setError(err instanceof Error ? err : new Error(String(err)));
    });
  };

  return (
    <div>
      <section class="card">
        <h2>Verify a document</h2>
        <label
          class={dragging ? 'drop dragging' : 'drop'}
          data-testid="drop-zone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => {
            setDragging(false);
          }}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            take(e.dataTransfer?.files[0]);
          }}
        >
          <input
            type="file"
            name="file"
            data-testid="file-input"
            onChange={(e) => {
              take(e.currentTarget.files?.[0]);
            }}
          />
          <span>Drop a file here, or choose one. Its SHA-256 is computed in this browser: the file is not sent.</span>
        </label>
        {digest && (
          <p>
            {fileName ? `${fileName}: ` : ''}SHA-256{' '}
            <span class="mono" data-testid="digest">
              {digest}
            </span>
          </p>
        )}
      </section>
      <ErrorNote error={error} />
      {verification && (
        <section class="card" data-testid="evidence-result">
          {verification.registered ? (
            <>
              <p class="verdict ok" data-testid="evidence-verdict">
                ✔ Registered on the ledger
              </p>
              <Fields
                rows={[
                  ['Registered by', <span class="mono">{verification.owner}</span>],
                  ['When', time(verification.registeredAt)],
                  ['Transaction', verification.txId ? <TxLink id={verification.txId} /> : '—'],
                  ['Block', <BlockLink number={verification.blockNumber} />],
                  ...(verification.batch
                    ? ([
                        [
                          'Batch',
                          `leaf ${verification.batch.index + 1} of ${verification.batch.leafCount}, root ${verification.batch.root}`,
                        ],
                        ['Merkle proof', <ProofNote state={proof} />],
                      ] as [string, JSX.Element | string][])
                    : []),
                ]}
              />
            </>
          ) : (
            <p class="verdict bad" data-testid="evidence-verdict">
              ✘ Not registered: no document with this SHA-256 was registered (a changed file has another hash)
            </p>
          )}
        </section>
      )}
    </div>
  );
}

function ProofNote(props: { state: ProofState }): JSX.Element {
  const s = props.state;
  if (s === undefined) return <span class="muted">checking…</span>;
  if ('unavailable' in s) return <span class="muted">{s.unavailable}</span>;
  return (
    <span class={s.ok ? 'ok' : 'bad'} data-testid="proof-verdict">
      {s.ok ? '✔ checked here against the root on chain (RFC 6962)' : '✘ the proof does not lead to the root on chain'}
    </span>
  );
}

async function proveHere(digest: string, root: string): Promise<ProofState> {
  try {
    return { ok: checkProof(digest, await get<ProofAnswer>(`/evidence/${digest}/proof`), root) };
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) {
      return { unavailable: 'the proof is shown to the registrant and auditors only' };
    }
    throw err;
  }
}
