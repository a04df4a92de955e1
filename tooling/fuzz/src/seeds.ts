/**
 * Seeds: for every format that reads and writes, the sample dataset as its own writer writes it (a
 * valid tree of that format, masks and images included); and, when LABELPORT_FIXTURES names the
 * real-data corpus, each small dataset folder of it under the formats that detect it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { convert, memorySink, memoryTree } from '@labelport/core';
import { formats, registry } from 'labelport';
import type { Seed } from './mutate.js';
import { sampleSource } from './sample.js';

export async function writerSeeds(
  ids: Set<string> | undefined,
): Promise<{ seeds: Seed[]; failed: string[] }> {
  const seeds: Seed[] = [];
  const failed: string[] = [];
  for (const f of formats) {
    if (!f.read || (ids && !ids.has(f.id))) continue;
    if (!f.write) {
      failed.push(`${f.id}: does not write`);
      continue;
    }
    const sink = memorySink();
    try {
      await convert(sampleSource(), f, sink, { saveMedia: true });
      seeds.push({ format: f.id, origin: 'writer', files: new Map(sink.files) });
    } catch (e) {
      failed.push(`${f.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { seeds, failed };
}

const MAX_SEED_BYTES = 2 * 2 ** 20;

/** Folders of the corpus (up to three levels down) of at most 2 MiB, under every format detected. */
export async function corpusSeeds(root: string, ids: Set<string> | undefined): Promise<Seed[]> {
  const seeds: Seed[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    const files = collect(dir);
    if (files && files.size > 0) {
      const found = await registry.detect(memoryTree(files, dir)).catch(() => undefined);
      for (const m of found?.matches ?? []) {
        if (ids && !ids.has(m.id)) continue;
        const prefix = m.root ? `${m.root}/` : '';
        const sub = new Map(
          [...files].filter(([p]) => p.startsWith(prefix)).map(([p, b]) => [p.slice(prefix.length), b]),
        );
        seeds.push({ format: m.id, origin: dir.slice(root.length + 1), files: sub });
      }
      if (found?.matches.length) return;
    }
    if (depth >= 3) return;
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) await visit(join(dir, e.name), depth + 1);
  };
  await visit(root, 0);
  return seeds;
}

/** Every file below `dir`, or undefined past MAX_SEED_BYTES. */
function collect(dir: string): Map<string, Uint8Array> | undefined {
  const out = new Map<string, Uint8Array>();
  let total = 0;
  const walk = (abs: string, rel: string): boolean => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const a = join(abs, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!walk(a, r)) return false;
      } else if (e.isFile()) {
        total += statSync(a).size;
        if (total > MAX_SEED_BYTES) return false;
        out.set(r, new Uint8Array(readFileSync(a)));
      }
    }
    return true;
  };
  return walk(dir, '') ? out : undefined;
}
