import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { get } from '../api';
import { time } from '../lib/format';
import { useLoad } from '../lib/use-load';
import type { NetworkView } from '../types';
import { ErrorNote, Fields } from './common';

/** Peers and orderers with their heights and health, and the chaincode definition; read again every 5 s. */
export function NetworkPage(): JSX.Element {
  const view = useLoad(() => get<NetworkView>('/network'), []);
  useEffect(() => {
    const timer = setInterval(view.reload, 5_000);
    return () => {
      clearInterval(timer);
    };
  }, [view.reload]);
  const v = view.data;
  return (
    <div>
      <ErrorNote error={view.error} />
      {v && (
        <>
          <section class="card">
            <h2>Network</h2>
            <Fields
              testid="network-fields"
              rows={[
                ['Ledger', v.ledger],
                ['Channel', v.channel],
                [
                  'Chaincode',
                  <span data-testid="chaincode">
                    {v.chaincode.name}
                    {v.chaincode.version !== undefined &&
                      ` version ${v.chaincode.version}, sequence ${v.chaincode.sequence ?? '?'}`}
                    {v.chaincode.error !== undefined && ` (definition not readable: ${v.chaincode.error})`}
                  </span>,
                ],
                ...(v.chaincode.approvals
                  ? ([
                      [
                        'Approved by',
                        Object.entries(v.chaincode.approvals)
                          .filter(([, approved]) => approved)
                          .map(([msp]) => msp)
                          .join(', ') || '—',
                      ],
                    ] as [string, string][])
                  : []),
                ['Checked', time(v.checkedAt)],
              ]}
            />
            {v.emulation && <p class="note">{v.emulation}</p>}
          </section>
          <section class="card">
            <h3>Nodes</h3>
            <table data-testid="nodes">
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Name</th>
                  <th>Organisation</th>
                  <th>Endpoint</th>
                  <th class="num">Height</th>
                  <th>Status</th>
                  <th>Health</th>
                </tr>
              </thead>
              <tbody>
                {v.nodes.map((n) => (
                  <tr key={`${n.kind}:${n.name}`}>
                    <td>{n.kind}</td>
                    <td>{n.name}</td>
                    <td>{n.mspId}</td>
                    <td class="mono">{n.endpoint ?? '—'}</td>
                    <td class="num">{n.height ?? '—'}</td>
                    <td>
                      <span class={n.status === 'UP' ? 'badge ok' : n.status === 'DOWN' ? 'badge bad' : 'badge'}>
                        {n.status}
                      </span>
                    </td>
                    <td>
                      {n.health
                        ? `${n.health.status}${n.health.failedChecks ? `: ${n.health.failedChecks.join(', ')}` : ''}`
                        : ''}
                      {n.error ? <span class="muted"> {n.error}</span> : ''}
                      {n.operationsUrl ? <span class="muted"> ({n.operationsUrl})</span> : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
