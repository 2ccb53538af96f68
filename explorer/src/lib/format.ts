/** A hash shortened for tables: its first and last digits. */
export function short(hash: string | undefined, digits = 10): string {
  if (!hash) return '—';
  return hash.length <= digits * 2 ? hash : `${hash.slice(0, digits)}…${hash.slice(-4)}`;
}

/** An ISO time in the viewer's locale, to the second. */
export function time(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { hour12: false });
}

/** How long ago, roughly. */
export function ago(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
