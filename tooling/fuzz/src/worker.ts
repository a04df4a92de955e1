/**
 * A fuzz worker: a child process that runs cases sent by the parent over IPC, one at a time, and
 * answers with their outcomes. The parent kills it on a hang or when it grows past its memory limit.
 */
import type { FuzzCase, Seed } from './mutate.js';
import { runCase } from './run-case.js';
import { corpusSeeds, writerSeeds } from './seeds.js';

type Request =
  | { type: 'case'; id: number; case: FuzzCase }
  | { type: 'seeds'; id: number; formats?: string[]; corpus?: string };

const send = (m: unknown) => process.send?.(m);

process.on('message', async (m: Request) => {
  if (m.type === 'case') {
    const outcome = await runCase(m.case, (stage) => send({ type: 'stage', stage }));
    send({ type: 'result', id: m.id, outcome });
  } else {
    const ids = m.formats ? new Set(m.formats) : undefined;
    const { seeds, failed } = await writerSeeds(ids);
    let corpus: Seed[] = [];
    if (m.corpus) corpus = await corpusSeeds(m.corpus, ids);
    send({ type: 'seeds', id: m.id, seeds: [...seeds, ...corpus], failed });
  }
});
// Whatever escapes a case (an unhandled rejection from a stray promise) is a crash of that case.
process.on('unhandledRejection', (e) => {
  send({ type: 'escaped', error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) });
});
send({ type: 'ready' });
