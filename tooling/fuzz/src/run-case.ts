/**
 * What one case goes through, as the CLI would take it: open (a zip or a tree), sometimes detect,
 * read, iterate every item, touch every annotation and load every lazy mask, then write to the same
 * format and to another one (memory sinks). The outcome is ok, a DatasetError, or a crash with a
 * signature: the error class and the first labelport frame of its stack.
 */
import {
  type Annotation,
  type AnyFormat,
  bytesAccess,
  convert,
  type DatasetItem,
  isDatasetError,
  loadMask,
  memorySink,
  memoryTree,
  sourceOf,
  zipTree,
} from '@labelport/core';
import { formats, registry } from 'labelport';
import type { FuzzCase } from './mutate.js';
import { hostileSource } from './mutate-model.js';

export type Outcome =
  | { kind: 'ok' }
  | { kind: 'dataset-error'; code: string; message: string; stage: string }
  | { kind: 'crash'; signature: string; message: string; stack: string; stage: string };

const byId = new Map(formats.map((f) => [f.id, f]));
export const writable = formats.filter((f) => f.write).map((f) => f.id);

/**
 * The limits the cases run under: 2^22 pixels instead of 2^28, so that a header of a few bytes
 * declaring 16000x16000 (legal under the default) is refused rather than painted for a minute: every
 * mask reader and writer takes `options.limits`; one that did not would show up as a hang.
 */
const LIMITS = { limits: { maxPixels: 2 ** 22 } };

/** At most this many items are held for the writers (the readers still iterate them all). */
const HOLD = 500;

function touch(a: Annotation, sink: { n: number }): void {
  // Reading every field, as a writer would: numbers summed, strings measured.
  for (const v of Object.values(a)) {
    if (typeof v === 'number') sink.n += v;
    else if (typeof v === 'string') sink.n += v.length;
    else if (Array.isArray(v)) sink.n += v.length;
  }
  for (const v of Object.values(a.attributes)) sink.n += String(v).length;
  if (a.type === 'skeleton') for (const e of a.elements) touch(e, sink);
}

async function readAll(format: AnyFormat, c: FuzzCase, stage: Stage) {
  stage.name = 'open';
  const tree = c.zip
    ? await zipTree(bytesAccess(c.zip), 'case.zip')
    : memoryTree(c.files ?? new Map(), 'case');
  if (c.detect) {
    stage.name = 'detect';
    await registry.detect(tree);
  }
  stage.name = 'read';
  const source = await format.read!(tree, LIMITS);
  const items: DatasetItem[] = [];
  const sink = { n: 0 };
  stage.name = 'iterate';
  for await (const item of source.items()) {
    sink.n += item.id.length + (item.media?.width ?? 0) + (item.media?.height ?? 0);
    for (const a of item.annotations) {
      touch(a, sink);
      if (a.type === 'mask') {
        const m = await loadMask(a.mask);
        sink.n += m.width * m.height;
      }
    }
    if (items.length < HOLD) items.push(item);
  }
  return { categories: source.categories, infos: source.infos, items };
}

/** Where a case is; the parent hears of each change, to place a hang or an OOM. */
class Stage {
  private current = 'open';
  constructor(private readonly onChange?: (stage: string) => void) {}
  get name(): string {
    return this.current;
  }
  set name(s: string) {
    this.current = s;
    this.onChange?.(s);
  }
}

export async function runCase(c: FuzzCase, onStage?: (stage: string) => void): Promise<Outcome> {
  if (c.model !== undefined) return runWriterCase(c, c.model, onStage);
  const format = byId.get(c.format);
  if (!format?.read) throw new Error(`no readable format ${c.format}`);
  const stage = new Stage(onStage);
  try {
    const { categories, infos, items } = await readAll(format, c, stage);
    for (const target of [format.id, c.target]) {
      const f = target === undefined ? undefined : byId.get(target);
      if (!f?.write) continue;
      stage.name = `write ${f.id}`;
      await convert(sourceOf(categories, items, infos), f, memorySink(), { saveMedia: true, ...LIMITS });
    }
    return { kind: 'ok' };
  } catch (e) {
    return classify(e, stage.name);
  }
}

/** A hostile dataset (mutate-model.ts) written as `c.format`: ok or a DatasetError, never a crash. */
async function runWriterCase(c: FuzzCase, seed: number, onStage?: (stage: string) => void): Promise<Outcome> {
  const format = byId.get(c.format);
  if (!format?.write) throw new Error(`no writable format ${c.format}`);
  const stage = `write ${format.id}`;
  onStage?.(stage);
  const { source, what } = await hostileSource(seed);
  try {
    await convert(source, format, memorySink(), { saveMedia: true, ...LIMITS });
    return { kind: 'ok' };
  } catch (e) {
    const o = classify(e, stage);
    return o.kind === 'crash' ? { ...o, message: `${o.message} [${what}]` } : o;
  }
}

export function classify(e: unknown, stage: string): Outcome {
  if (isDatasetError(e)) {
    const err = e as Error & { code: string };
    // A DatasetError must be one line: the CLI prints it as it is.
    if (!err.message.includes('\n'))
      return { kind: 'dataset-error', code: err.code, message: err.message, stage };
    return {
      kind: 'crash',
      signature: `DatasetError on several lines (${err.code}) @ ${topFrame(err.stack ?? '')}`,
      message: err.message.slice(0, 500),
      stack: err.stack ?? '',
      stage,
    };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const stack = err.stack ?? '';
  return {
    kind: 'crash',
    signature: `${err.constructor?.name ?? err.name} @ ${topFrame(stack)}`,
    message: err.message.slice(0, 500),
    stack: stack.split('\n').slice(0, 14).join('\n'),
    stage,
  };
}

/** The first stack frame in labelport's own sources (source-mapped), as `package/file.ts:line`. */
export function topFrame(stack: string): string {
  for (const line of stack.split('\n').slice(1)) {
    const m = /packages\/([^/]+)\/src\/([^:)]+):(\d+)/.exec(line);
    if (m) return `${m[1]}/${m[2]}:${m[3]}`;
  }
  const first = stack.split('\n')[1]?.trim() ?? '?';
  return first.replace(/\(.*\/node_modules\//, '(').slice(0, 120);
}
