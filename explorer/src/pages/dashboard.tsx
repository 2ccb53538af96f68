import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { events, get } from '../api';
import { PerMinuteChart } from '../lib/chart';
import { ago, short, time } from '../lib/format';
import { useLoad } from '../lib/use-load';
import type { Activity } from '../types';
import { BlockLink, Code, ErrorNote, TallyTable, TxLink } from './common';

interface LiveEvent {
  readonly id: string;
  readonly name: string;
  readonly transactionId: string;
  readonly blockNumber: string;
}

/**
 * Height, the latest block, transactions per minute, the recent blocks and transactions, and counts by
 * organisation, chaincode and function. The event stream (`EventSource`, authenticated by the session
 * cookie) says when something commits; the figures are then read again.
 */
export function Dashboard(): JSX.Element {
  const activity = useLoad(() => get<Activity>('/chain/activity'), []);
  const [live, setLive] = useState<readonly LiveEvent[]>([]);
  const [connected, setConnected] = useState(false);
  // The height first read: the stream starts there and stays open while later reads raise the height.
  const [startHeight, setStartHeight] = useState<string>();
  if (startHeight === undefined && activity.data) setStartHeight(activity.data.height);
  const reload = useRef(activity.reload);
  reload.current = activity.reload;

  useEffect(() => {
    if (startHeight === undefined) return;
    // From the top of the chain as first read: only what commits from now on.
    const top = BigInt(startHeight) > 0n ? BigInt(startHeight) - 1n : 0n;
    const source = events(`${top.toString()}:${Number.MAX_SAFE_INTEGER}`);
    let pending: ReturnType<typeof setTimeout> | undefined;
    const onEvent = (e: MessageEvent<string>): void => {
      const data = JSON.parse(e.data) as { transactionId: string; blockNumber: string; eventName: string };
      setLive((l) =>
        [
          { id: e.lastEventId, name: data.eventName, transactionId: data.transactionId, blockNumber: data.blockNumber },
          ...l,
        ].slice(0, 10),
      );
      clearTimeout(pending);
      pending = setTimeout(() => {
        reload.current();
      }, 250);
    };
    source.onopen = () => {
      setConnected(true);
    };
    source.onerror = () => {
      setConnected(false);
    };
    // The stream is opened with `named=false`: every event arrives as a `message`, its name in the data.
    source.onmessage = onEvent;
    return () => {
      clearTimeout(pending);
      source.close();
    };
  }, [startHeight]);

  const a = activity.data;
  return (
    <div class="dashboard">
      <ErrorNote error={activity.error} />
      <section class="tiles">
        <div class="tile" data-testid="height">
          <span class="label">Height</span>
          <span class="value">{a?.height ?? '…'}</span>
        </div>
        <div class="tile">
          <span class="label">Latest block</span>
          <span class="value mono" data-testid="latest-hash" title={a?.latestBlock?.hash}>
            {a?.latestBlock ? <a href={`#/blocks/${a.latestBlock.number}`}>{short(a.latestBlock.hash, 8)}</a> : '—'}
          </span>
          <span class="sub">{a?.latestBlock ? `${time(a.latestBlock.time)} (${ago(a.latestBlock.time)})` : ''}</span>
        </div>
        <div class="tile">
          <span class="label">
            Transactions
            {a?.window.toBlock !== undefined ? ` in blocks ${a.window.fromBlock ?? '0'}–${a.window.toBlock}` : ''}
          </span>
          <span class="value">{a?.window.transactions ?? '…'}</span>
        </div>
        <div class="tile">
          <span class="label">Live</span>
          <span class={connected ? 'value ok' : 'value muted'} data-testid="live-state">
            {connected ? '● streaming' : '○ connecting'}
          </span>
        </div>
      </section>
      <section class="card">
        <h3>Transactions per minute (last hour)</h3>
        {a && <PerMinuteChart points={a.perMinute} />}
      </section>
      <div class="columns">
        <section class="card">
          <h3>Recent blocks</h3>
          <table data-testid="recent-blocks">
            <thead>
              <tr>
                <th>Block</th>
                <th>Hash</th>
                <th>Time</th>
                <th class="num">Txs</th>
              </tr>
            </thead>
            <tbody>
              {a?.recentBlocks.map((b) => (
                <tr key={b.number}>
                  <td>
                    <BlockLink number={b.number} />
                  </td>
                  <td class="mono">{short(b.hash, 8)}</td>
                  <td>{ago(b.time)}</td>
                  <td class="num">{b.transactionCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="card">
          <h3>Recent transactions</h3>
          <table data-testid="recent-transactions">
            <thead>
              <tr>
                <th>Transaction</th>
                <th>Organisation</th>
                <th>Function</th>
                <th>Block</th>
                <th>Code</th>
              </tr>
            </thead>
            <tbody>
              {a?.recentTransactions.map((t) => (
                <tr key={t.transactionId}>
                  <td>
                    <TxLink id={t.transactionId} digits={8} />
                  </td>
                  <td>{t.creatorMspId}</td>
                  <td>{t.function || t.chaincode || '(config)'}</td>
                  <td>
                    <BlockLink number={t.blockNumber} />
                  </td>
                  <td>
                    <Code code={t.validationCode} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section class="card">
        <h3>Live events</h3>
        {live.length === 0 ? (
          <p class="muted">Waiting for the next commit…</p>
        ) : (
          <ul class="live" data-testid="live-events">
            {live.map((e) => (
              <li key={e.id}>
                <span class="badge">{e.name}</span> <TxLink id={e.transactionId} digits={8} /> in{' '}
                <BlockLink number={e.blockNumber} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {a && (
        <div class="columns three">
          <TallyTable title="By organisation" tallies={a.byOrganisation} />
          <TallyTable title="By chaincode" tallies={a.byChaincode} />
          <TallyTable title="By function" tallies={a.byFunction} />
        </div>
      )}
    </div>
  );
}
