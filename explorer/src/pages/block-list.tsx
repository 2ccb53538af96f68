import type { JSX } from 'preact';
import { get } from '../api';
import { short, time } from '../lib/format';
import { useLoad } from '../lib/use-load';
import type { BlockList as BlockListAnswer } from '../types';
import { BlockLink, ErrorNote } from './common';

/** Blocks, newest first, a page at a time (`before` is the page's cursor). */
export function BlockList(props: { before: string | undefined }): JSX.Element {
  const page = useLoad(
    () => get<BlockListAnswer>(`/blocks?limit=20${props.before ? `&before=${props.before}` : ''}`),
    [props.before],
  );
  return (
    <section class="card">
      <h2>Blocks</h2>
      <ErrorNote error={page.error} />
      <table data-testid="block-list">
        <thead>
          <tr>
            <th>Block</th>
            <th>Hash</th>
            <th>Previous hash</th>
            <th>Time</th>
            <th class="num">Transactions</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.items.map((b) => (
            <tr key={b.number}>
              <td>
                <BlockLink number={b.number} />
              </td>
              <td class="mono" title={b.hash}>
                {short(b.hash)}
              </td>
              <td class="mono" title={b.previousHash}>
                {short(b.previousHash)}
              </td>
              <td>{time(b.time)}</td>
              <td class="num">{b.transactionCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="pager">
        {props.before !== undefined && <a href="#/blocks">« Newest</a>}
        {page.data?.next !== undefined && (
          <a href={`#/blocks?before=${page.data.next}`} data-testid="older">
            Older »
          </a>
        )}
      </p>
    </section>
  );
}
