import type { ComponentChildren, JSX } from 'preact';
import { short } from '../lib/format';

export function ErrorNote(props: { error: Error | undefined }): JSX.Element | null {
  return props.error ? (
    <p class="error" role="alert">
      {props.error.message}
    </p>
  ) : null;
}

export function BlockLink(props: { number: string | undefined }): JSX.Element {
  return props.number === undefined ? <span>—</span> : <a href={`#/blocks/${props.number}`}>#{props.number}</a>;
}

export function TxLink(props: { id: string; digits?: number }): JSX.Element {
  return (
    <a class="mono" href={`#/tx/${props.id}`} title={props.id}>
      {short(props.id, props.digits)}
    </a>
  );
}

export function Code(props: { code: string }): JSX.Element {
  return <span class={props.code === 'VALID' ? 'badge ok' : 'badge bad'}>{props.code}</span>;
}

/** Rows of label and value. */
export function Fields(props: { rows: readonly [string, ComponentChildren][]; testid?: string }): JSX.Element {
  return (
    <dl class="fields" data-testid={props.testid}>
      {props.rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function TallyTable(props: { title: string; tallies: readonly { key: string; count: number }[] }): JSX.Element {
  return (
    <section class="card">
      <h3>{props.title}</h3>
      {props.tallies.length === 0 ? (
        <p class="muted">none yet</p>
      ) : (
        <table class="tally">
          <tbody>
            {props.tallies.slice(0, 8).map((t) => (
              <tr key={t.key}>
                <td>{t.key}</td>
                <td class="num">{t.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
