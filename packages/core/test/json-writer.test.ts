import { describe, expect, it } from 'vitest';
import { memorySink } from '../src/files/memory.js';
import { JsonTextWriter, streamedArray, writeJson } from '../src/json/index.js';

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const x of items) yield x;
}

/** What writeJson writes for `doc`, through a memory sink, with a tiny buffer to force many writes. */
async function written(doc: unknown, indent?: number): Promise<string> {
  const sink = memorySink();
  const out = new JsonTextWriter(await sink.open('a.json'), 8);
  await writeJson(out, doc, { indent });
  await out.close();
  await sink.commit();
  return new TextDecoder().decode(sink.files.get('a.json'));
}

const items = [{ id: 0, anns: [{ bbox: [1, 2, 3, 4], s: 'é"\n' }], skip: undefined }, [], {}, 'x', 0, null];

describe('writeJson', () => {
  for (const indent of [undefined, 2, 4]) {
    it(`writes what JSON.stringify writes (indent ${indent ?? 'none'})`, async () => {
      const plain = {
        info: { a: [1, { b: 2 }] },
        none: undefined,
        items,
        inner: { list: items, empty: [] },
        empty: [],
        f: () => 1,
      };
      const lazy = {
        ...plain,
        items: streamedArray(slowly(items)),
        inner: { list: streamedArray(items), empty: streamedArray([]) },
        empty: streamedArray(slowly([])),
      };
      expect(await written(lazy, indent)).toBe(JSON.stringify(plain, null, indent));
      expect(await written(streamedArray(items), indent)).toBe(JSON.stringify(items, null, indent));
      expect(await written({}, indent)).toBe('{}');
      expect(await written({ only: streamedArray([]) }, indent)).toBe(
        JSON.stringify({ only: [] }, null, indent),
      );
    });
  }

  it('an undefined element is null, as in JSON.stringify', async () => {
    expect(await written(streamedArray([undefined, 1]))).toBe('[null,1]');
  });
});

describe('JsonTextWriter.add', () => {
  it('gathers pieces without waiting, says when they are due, and writes them in order', async () => {
    const sink = memorySink();
    const out = new JsonTextWriter(await sink.open('a.txt'), 10);
    out.add('12345');
    expect(out.full).toBe(false);
    out.add('67890');
    expect(out.full).toBe(true);
    await out.flush();
    expect(out.full).toBe(false);
    out.add('abc');
    await out.write('!');
    await out.close();
    await sink.commit();
    expect(new TextDecoder().decode(sink.files.get('a.txt'))).toBe('1234567890abc!');
  });
});
