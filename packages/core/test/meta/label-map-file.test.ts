import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../src/index.js';
import { readLabelMapFile } from '../../src/meta/index.js';

const paths = async (t: ReturnType<typeof memoryTree>) => new Set((await t.list()).map((e) => e.path));

describe('readLabelMapFile: dataset_meta.json, else label_colors.txt, else the default', () => {
  it('takes dataset_meta.json first', async () => {
    const tree = memoryTree({
      'd/dataset_meta.json': JSON.stringify({ label_map: { '0': 'background', '1': 'car' } }),
      'd/label_colors.txt': '0 0 0 other\n',
    });
    const { map, file } = await readLabelMapFile(tree, await paths(tree), 'd', undefined);
    expect(file).toBe('d/dataset_meta.json');
    expect(map!.map(([n]) => n)).toEqual(['background', 'car']);
  });

  it("then label_colors.txt (or the format's own names for it), then the default", async () => {
    const tree = memoryTree({ 'labelmap.txt': '0 0 0 void\n128 0 0 road\n' });
    const own = await readLabelMapFile(tree, await paths(tree), '', undefined, [
      'label_colors.txt',
      'labelmap.txt',
    ]);
    expect(own.file).toBe('labelmap.txt');
    expect(own.map).toEqual([
      ['void', [0, 0, 0]],
      ['road', [128, 0, 0]],
    ]);
    const none = await readLabelMapFile(tree, await paths(tree), '', [['x', undefined]]);
    expect(none).toEqual({ map: [['x', undefined]] });
  });
});
