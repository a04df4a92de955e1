import { type AnyFormat, describeOptions } from '@labelport/core';
import { registry } from '../registry.js';

function entry(f: AnyFormat) {
  return {
    id: f.id,
    aliases: [...(f.aliases ?? [])],
    title: f.title,
    read: Boolean(f.read),
    write: Boolean(f.write),
    annotations: [...f.capabilities.annotations],
  };
}

/** `labelport formats`: every format, one line each; `labelport formats <id>`: one, with its options. */
export function formatsCommand(id: string | undefined, opts: { json?: boolean }): void {
  if (id !== undefined) {
    const f = registry().get(id);
    const options = { read: { ...(f.options?.read ?? {}) }, write: { ...(f.options?.write ?? {}) } };
    if (opts.json) {
      console.log(JSON.stringify({ ...entry(f), capabilities: f.capabilities, options }, null, 2));
      return;
    }
    const e = entry(f);
    console.log(`${f.id}: ${f.title}${e.aliases.length ? ` (also ${e.aliases.join(', ')})` : ''}`);
    console.log(`  reads: ${e.read ? 'yes' : 'no'}, writes: ${e.write ? 'yes' : 'no'}`);
    console.log(`  annotations written: ${e.annotations.join(', ') || 'none'}`);
    for (const [side, flag] of [
      ['read', '--read-option'],
      ['write', '--option'],
    ] as const) {
      const lines = describeOptions(options[side]);
      console.log(`  ${side} options (${flag} key=value):${lines.length ? '' : ' none'}`);
      for (const l of lines) console.log(`    ${l}`);
    }
    return;
  }
  const rows = registry().list().map(entry);
  if (opts.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  const w = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) {
    const rw = `${r.read ? 'r' : '-'}${r.write ? 'w' : '-'}`;
    const aliases = r.aliases.length ? ` [also ${r.aliases.join(', ')}]` : '';
    console.log(
      `${r.id.padEnd(w)}  ${rw}  ${r.title}${aliases}${r.annotations.length ? ` (${r.annotations.join(', ')})` : ''}`,
    );
  }
}
