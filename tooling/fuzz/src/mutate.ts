/**
 * One fuzz case from a seed: a mutated file tree (one file changed, or the tree's shape), or a
 * hostile zip archive of it.
 */
import { decodeText } from '@labelport/core/files';
import { flipBytes, mutatePng, splice, truncate } from './mutate-bytes.js';
import { type Mutated, mutateJson, mutateLines, mutateXml } from './mutate-text.js';
import { hostileZip } from './mutate-zip.js';
import type { Rng } from './rng.js';

export interface Seed {
  format: string;
  /** Where it came from: 'writer', or a corpus folder. */
  origin: string;
  files: Map<string, Uint8Array>;
}

export interface FuzzCase {
  format: string;
  /** What was done to the seed. */
  what: string;
  files?: Map<string, Uint8Array>;
  zip?: Uint8Array;
  /** Run detection over the tree first (as the CLI does without -i). */
  detect?: boolean;
  /** The other format to write to. */
  target?: string;
  /** A writer case: the sample dataset made hostile by this seed (mutate-model.ts), written as `format`. */
  model?: number;
}

const TEXT_EXT = /\.(json|xml|txt|csv|ini|yaml|yml|pbtxt|labels|names|cfg|data|mat|jsonl)$/i;

const encoder = new TextEncoder();

function mutateFile(path: string, bytes: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } {
  const roll = rng.int(10);
  if (roll < 2) return flipBytes(bytes, rng);
  if (roll < 3) return truncate(bytes, rng);
  if (roll < 4) return splice(bytes, rng);
  const png = mutatePng(bytes, rng);
  if (png) return png;
  if (!TEXT_EXT.test(path)) return flipBytes(bytes, rng);
  const text = decodeText(bytes);
  let m: Mutated;
  if (/\.jsonl?$/i.test(path) || /^\s*[[{]/.test(text)) m = mutateJson(text, rng);
  else if (/\.xml$/i.test(path) || /^\s*</.test(text)) m = mutateXml(text, rng);
  else m = mutateLines(text, rng);
  return { bytes: encoder.encode(m.text), what: m.what };
}

/** Annotation files (text) are picked three times as often as images. */
function pickFile(paths: string[], rng: Rng): string {
  const text = paths.filter((p) => TEXT_EXT.test(p));
  return text.length > 0 && rng.chance(0.75) ? rng.pick(text) : rng.pick(paths);
}

function mutateShape(files: Map<string, Uint8Array>, rng: Rng): string {
  const paths = [...files.keys()];
  const p = rng.pick(paths);
  const roll = rng.int(3);
  if (roll === 0) {
    files.delete(p);
    return `${p} removed`;
  }
  if (roll === 1) {
    files.set(p, new Uint8Array(0));
    return `${p} emptied`;
  }
  const q = rng.pick(paths);
  files.set(q, files.get(p)!);
  return `${q} replaced by ${p}`;
}

export function makeCase(seed: Seed, rng: Rng): FuzzCase {
  const files = new Map(seed.files);
  const paths = [...files.keys()];
  if (paths.length === 0) return { format: seed.format, what: 'empty tree', files };
  const steps: string[] = [];
  const n = rng.chance(0.8) ? 1 : 1 + rng.int(3);
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.1)) {
      steps.push(mutateShape(files, rng));
      continue;
    }
    const p = pickFile([...files.keys()], rng);
    const bytes = files.get(p)!;
    let m: { bytes: Uint8Array; what: string };
    try {
      m = mutateFile(p, bytes, rng);
    } catch {
      m = flipBytes(bytes, rng); // a mutation too large to build (a string past V8's limit)
    }
    if (m.bytes.length > 32 * 2 ** 20) continue; // mutations of mutations: kept below 32 MiB
    files.set(p, m.bytes);
    steps.push(`${p}: ${m.what}`);
  }
  if (rng.chance(0.12)) {
    const z = hostileZip(files, rng);
    return { format: seed.format, what: `zip: ${z.what}; ${steps.join('; ')}`, zip: z.zip };
  }
  return { format: seed.format, what: steps.join('; '), files };
}
