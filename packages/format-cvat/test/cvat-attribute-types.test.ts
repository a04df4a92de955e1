import { type AttributeValue, Dataset } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cvat } from '../src/index.js';

// LFW's reader keeps its pair lists as arrays in a label's attributes: a value the model does not
// allow, which the writer used to pass to its XML escaping (a raw TypeError).
const pairs = [['b', '0002']] as unknown as AttributeValue;

const source = () =>
  new Dataset({ labels: [{ name: 'person' }] }, [
    {
      id: 'a',
      subset: 'default',
      media: { kind: 'image', path: 'a.jpg', width: 4, height: 3 },
      attributes: {},
      annotations: [
        { type: 'label', label: 0, attributes: { positive_pairs: pairs, note: 'kept', n: 0, ok: false } },
        { type: 'bbox', x: 0, y: 0, w: 1, h: 1, label: 0, attributes: { nested: { a: 1 } as never } },
      ],
    },
  ]);

describe('cvat: attribute values that are not string, number or boolean', () => {
  it('drops and reports them, and writes the others', async () => {
    const result = await writeAndReadBack(cvat, source());
    expect(result.report.dropped).toEqual({ attribute: 2 });
    expect(result.report.warnings).toContainEqual(
      expect.stringMatching(/attribute values that are not a string, number or boolean/),
    );
    const text = new TextDecoder().decode(await result.tree.read('default.xml'));
    expect(text).not.toContain('positive_pairs');
    expect(text).not.toContain('nested');
    const item = result.dataset.get('default', 'a')!;
    expect(item.annotations.find((a) => a.type === 'label')?.attributes).toEqual({
      note: 'kept',
      n: 0,
      ok: false,
    });
    expect(item.annotations.find((a) => a.type === 'bbox')?.attributes).toEqual({ occluded: false });
  });
});
