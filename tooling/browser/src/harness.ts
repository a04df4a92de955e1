// The round trip the suite runs twice, in Chromium (bundled) and in Node (from the sources), and
// whose results must be equal: read a fixture from an in-memory zip, then convert it to every other
// writable format and read that back. Browser-safe: core only, no Node modules.
import {
  type AnyFormat,
  bytesAccess,
  convert,
  createRegistry,
  Dataset,
  describeLoss,
  isDatasetError,
  memorySink,
  zipTree,
} from '@labelport/core';

/** A fixture to run: its zip, and how describeFormat reads it. */
export interface FixtureJob {
  format: string;
  name: string;
  zip: Uint8Array;
  detect: boolean;
  readOptions?: object;
}

/** What a fixture gave: its read, then each target's write-and-read-back, as short summaries. */
export interface FixtureOutcome {
  fixture: string;
  read: string;
  /** Target format id -> summary (counts and losses, or the error). */
  writes: Record<string, string>;
}

/** Items, subsets and annotations by type, in a stable order. */
export function summarize(ds: Dataset): string {
  const types = new Map<string, number>();
  for (const s of ds.subsets())
    for (const item of ds.subset(s))
      for (const a of item.annotations) types.set(a.type, (types.get(a.type) ?? 0) + 1);
  const anns = [...types].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} ${n}`);
  const subsets = ds.subsets().map((s) => `${s}:${ds.subset(s).length}`);
  return `${ds.size} items [${subsets.join(' ')}] labels ${ds.categories.labels.length}; ${anns.join(', ') || 'no annotations'}`;
}

function failure(e: unknown): string {
  if (isDatasetError(e)) return `error ${e.code}: ${e.message}`;
  return `crash ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}

async function readFixture(format: AnyFormat, job: FixtureJob): Promise<Dataset> {
  if (!format.read) throw new Error(`${format.id} cannot read`);
  let tree = await zipTree(bytesAccess(job.zip), `${job.name}.zip`);
  if (job.detect) {
    const { matches } = await createRegistry([format]).detect(tree);
    if (matches[0]?.root) tree = tree.sub(matches[0].root);
  }
  return Dataset.from(await format.read(tree, job.readOptions));
}

async function writeAndReadBack(ds: Dataset, target: AnyFormat): Promise<string> {
  try {
    const sink = memorySink(`${target.id}-out`);
    const report = await convert(ds, target, sink);
    const back = await Dataset.from(await target.read!(sink.tree()));
    return `${summarize(back)} | ${describeLoss(report)}`;
  } catch (e) {
    return failure(e);
  }
}

/** Reads a fixture with `format`, then writes it to every other target that reads and writes. */
export async function runFixture(
  format: AnyFormat,
  targets: AnyFormat[],
  job: FixtureJob,
): Promise<FixtureOutcome> {
  const outcome: FixtureOutcome = { fixture: `${job.format}: ${job.name}`, read: '', writes: {} };
  let ds: Dataset;
  try {
    ds = await readFixture(format, job);
  } catch (e) {
    outcome.read = failure(e);
    return outcome;
  }
  outcome.read = summarize(ds);
  for (const t of targets) {
    if (t.id === format.id || !t.write || !t.read) continue;
    outcome.writes[t.id] = await writeAndReadBack(ds, t);
  }
  return outcome;
}

/** What the meta-package's registry makes of a fixture: the formats detected, and the first one's read. */
export async function detectAndRead(formats: AnyFormat[], job: FixtureJob): Promise<string> {
  try {
    const tree = await zipTree(bytesAccess(job.zip), `${job.name}.zip`);
    const { matches } = await createRegistry(formats).detect(tree);
    const first = formats.find((f) => f.id === matches[0]?.id);
    if (!first?.read) return `detected [${matches.map((m) => m.id).join(', ')}]`;
    const ds = await Dataset.from(
      await first.read(matches[0]?.root ? tree.sub(matches[0].root) : tree, job.readOptions),
    );
    return `detected [${matches.map((m) => m.id).join(', ')}]: ${summarize(ds)}`;
  } catch (e) {
    return failure(e);
  }
}
