import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { get } from '../api';
import { verifyChain, type ChainCheck } from '../lib/chain-verify';
import { short, time } from '../lib/format';
import { useLoad } from '../lib/use-load';
import type { Block, BlockList } from '../types';
import { BlockLink, Code, ErrorNote, Fields, TxLink } from './common';

/** The most blocks one verification reads (one page of `GET /blocks`). */
const MAX_RANGE = 100;

/** A block's header and transactions, and the chain check: re-hash a range here and show every link. */
export function BlockDetail(props: { number: string }): JSX.Element {
  const block = useLoad(() => get<Block>(`/blocks/${props.number}`), [props.number]);
  const b = block.data;
  return (
    <div>
      <ErrorNote error={block.error} />
      {b && (
        <>
          <section class="card">
            <h2>Block #{b.number}</h2>
            <p class="pager">
              {BigInt(b.number) > 0n && <a href={`#/blocks/${(BigInt(b.number) - 1n).toString()}`}>« Previous</a>}
              <a href={`#/blocks/${(BigInt(b.number) + 1n).toString()}`}>Next »</a>
            </p>
            <Fields
              testid="block-fields"
              rows={[
                ['Number', b.number],
                [
                  'Hash',
                  <span class="mono" data-testid="block-hash">
                    {b.hash}
                  </span>,
                ],
                [
                  'Previous hash',
                  <span class="mono" data-testid="block-previous-hash">
                    {b.previousHash}
                  </span>,
                ],
                ['Data hash', <span class="mono">{b.dataHash}</span>],
                ['Time', time(b.time)],
                ['Transactions', String(b.transactionCount)],
              ]}
            />
          </section>
          <section class="card">
            <h3>Transactions</h3>
            <table data-testid="block-transactions">
              <thead>
                <tr>
                  <th>Transaction</th>
                  <th>Time</th>
                  <th>Organisation</th>
                  <th>Chaincode</th>
                  <th>Function</th>
                  <th>Event</th>
                  <th>Validation</th>
                </tr>
              </thead>
              <tbody>
                {b.transactions.map((t) => (
                  <tr key={t.transactionId}>
                    <td>{t.transactionId ? <TxLink id={t.transactionId} /> : '—'}</td>
                    <td>{time(t.timestamp)}</td>
                    <td>{t.creatorMspId}</td>
                    <td>{t.chaincode || '(config)'}</td>
                    <td>{t.function}</td>
                    <td>{t.eventName ?? ''}</td>
                    <td>
                      <Code code={t.validationCode} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <VerifyChain number={b.number} />
        </>
      )}
    </div>
  );
}

function VerifyChain(props: { number: string }): JSX.Element {
  const top = BigInt(props.number);
  const [from, setFrom] = useState((top > 9n ? top - 9n : 0n).toString());
  const [to, setTo] = useState(props.number);
  const [check, setCheck] = useState<ChainCheck>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setCheck(undefined);
    try {
      const first = BigInt(from);
      const last = BigInt(to);
      if (last < first || last - first + 1n > BigInt(MAX_RANGE)) {
        throw new Error(`choose a range of 1 to ${MAX_RANGE} blocks`);
      }
      const page = await get<BlockList>(
        `/blocks?before=${(last + 1n).toString()}&limit=${(last - first + 1n).toString()}`,
      );
      setCheck(await verifyChain(page.items));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" data-testid="verify">
      <h3>Verify the chain</h3>
      <p class="muted">
        Re-hashes each block header here, in your browser — SHA-256 of the ASN.1 DER SEQUENCE {'{'}number, previousHash,
        dataHash{'}'}, as Fabric computes it — and checks that each block's previous hash is the hash of the block
        before.
      </p>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          from{' '}
          <input
            name="from"
            value={from}
            size={8}
            onInput={(e) => {
              setFrom(e.currentTarget.value);
            }}
          />
        </label>
        <label>
          to{' '}
          <input
            name="to"
            value={to}
            size={8}
            onInput={(e) => {
              setTo(e.currentTarget.value);
            }}
          />
        </label>
        <button type="submit" disabled={busy}>
          Verify
        </button>
      </form>
      <ErrorNote error={error} />
      {check && (
        <>
          <p class={check.ok ? 'verdict ok' : 'verdict bad'} data-testid="verify-verdict">
            {check.ok
              ? `✔ ${check.links.length} blocks: every hash re-computed here matches, every link holds`
              : `✘ the chain does not verify: ${check.links
                  .filter((l) => !l.ok)
                  .map((l) => `#${l.number}`)
                  .join(', ')}`}
          </p>
          <table class="links" data-testid="verify-links">
            <thead>
              <tr>
                <th>Block</th>
                <th>Hash computed here</th>
                <th>= reported</th>
                <th>Link to the block before</th>
              </tr>
            </thead>
            <tbody>
              {check.links.map((l) => (
                <tr key={l.number} class={l.ok ? '' : 'broken'}>
                  <td>
                    <BlockLink number={l.number} />
                  </td>
                  <td class="mono" title={l.computedHash}>
                    {short(l.computedHash, 12)}
                  </td>
                  <td>{l.hashMatches ? '✔' : `✘ gateway says ${short(l.reportedHash, 8)}`}</td>
                  <td>
                    {l.linked === undefined
                      ? 'first of the range (its previous hash taken on trust)'
                      : l.linked && l.consecutive !== false
                        ? `✔ previousHash = hash of #${(BigInt(l.number) - 1n).toString()}`
                        : '✘ previousHash is not the hash of the block before'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
