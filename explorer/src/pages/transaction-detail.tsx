import type { JSX } from 'preact';
import { get } from '../api';
import { time } from '../lib/format';
import { useLoad } from '../lib/use-load';
import type { Transaction } from '../types';
import { BlockLink, Code, ErrorNote, Fields } from './common';

/**
 * A transaction: creator organisation, function, validation code, block, time and events. An event's payload
 * shows only when the gateway sends it — to the record's parties and auditors, as everywhere in the API.
 */
export function TransactionDetail(props: { id: string }): JSX.Element {
  const tx = useLoad(() => get<Transaction>(`/transactions/${props.id}`), [props.id]);
  const t = tx.data;
  return (
    <div>
      <ErrorNote error={tx.error} />
      {t && (
        <>
          <section class="card">
            <h2>Transaction</h2>
            <Fields
              testid="tx-fields"
              rows={[
                ['Id', <span class="mono">{t.transactionId}</span>],
                ['Status', t.status],
                ['Validation code', t.validationCode ? <Code code={t.validationCode} /> : '—'],
                ['Block', <BlockLink number={t.blockNumber} />],
                ['Time', time(t.timestamp)],
                ['Creator organisation', t.creatorMspId ?? '—'],
                ['Chaincode', t.chaincode ?? '—'],
                ['Function', <span data-testid="tx-function">{t.function ?? '—'}</span>],
              ]}
            />
          </section>
          <section class="card">
            <h3>Events</h3>
            {(t.events ?? []).length === 0 && <p class="muted">none</p>}
            {(t.events ?? []).map((e) => (
              <div class="event" key={e.name} data-testid="tx-event">
                <span class="badge">{e.name}</span>
                {e.payload === undefined ? (
                  <p class="muted" data-testid="payload-hidden">
                    Payload not shown: it is for the parties of this record and auditors.
                  </p>
                ) : (
                  <pre data-testid="payload">{JSON.stringify(e.payload, null, 2)}</pre>
                )}
              </div>
            ))}
          </section>
        </>
      )}
    </div>
  );
}
