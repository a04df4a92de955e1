import { registry } from 'labelport';

export function formatsCommand(opts: { json?: boolean }): void {
  const rows = registry.list().map((f) => ({
    id: f.id,
    title: f.title,
    read: Boolean(f.read),
    write: Boolean(f.write),
    annotations: [...f.capabilities.annotations],
  }));
  if (opts.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const w = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) {
    const rw = `${r.read ? 'r' : '-'}${r.write ? 'w' : '-'}`;
    console.log(
      `${r.id.padEnd(w)}  ${rw}  ${r.title}${r.annotations.length ? ` (${r.annotations.join(', ')})` : ''}`,
    );
  }
}
