import { describe, expect, it } from 'vitest';
import { loadMask, memoryTree } from '../../src/index.js';
import { formatDatasetMeta, readDatasetMeta } from '../../src/meta/index.js';
import {
  decodeIndexPng,
  decodeSegmentIdPng,
  distinctValues,
  encodeIndexPng16,
  encodePng,
  valueMask,
} from '../../src/png/index.js';

describe('index images', () => {
  it('decodes a 16-bit id PNG and cuts lazy masks per value', async () => {
    // 3x2 ids: row 0 = 0, 1001, 1001; row 1 = 2000, 1001, 0
    const png = encodeIndexPng16(3, 2, [0, 1001, 1001, 2000, 1001, 0]);
    const img = decodeIndexPng(png, 'm.png');
    expect(distinctValues(img.values)).toEqual([0, 1001, 2000]);
    const m = valueMask(img, 1001);
    expect(m).toMatchObject({ kind: 'lazy', width: 3, height: 2 });
    expect([...(await loadMask(m)).data]).toEqual([0, 1, 1, 0, 1, 0]);
    expect([...(await loadMask(valueMask(img, 7))).data]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('refuses colour PNGs as id images, naming the file', () => {
    const rgb = encodePng({ width: 1, height: 1, colorType: 'rgb', data: new Uint8Array([1, 2, 3]) });
    expect(() => decodeIndexPng(rgb, 'x/m.png')).toThrow(/^x\/m\.png: expected a single-channel/);
  });

  it('reads panoptic segment ids as R + 256 G + 65536 B', () => {
    const rgb = encodePng({
      width: 2,
      height: 1,
      colorType: 'rgb',
      data: new Uint8Array([1, 2, 3, 0, 0, 0]),
    });
    expect([...decodeSegmentIdPng(rgb, 'p.png').values]).toEqual([1 + 2 * 256 + 3 * 65536, 0]);
  });
});

describe('dataset_meta.json', () => {
  it('reads labels and label_map with colours, as Datumaro does', async () => {
    const tree = memoryTree({
      'dataset_meta.json': JSON.stringify({
        label_map: { 0: 'background', 1: 'car' },
        segmentation_colors: [
          [0, 0, 0],
          [128, 0, 0],
        ],
      }),
    });
    expect([...(await readDatasetMeta(tree, 'dataset_meta.json'))]).toEqual([
      ['background', [0, 0, 0]],
      ['car', [128, 0, 0]],
    ]);
    await expect(readDatasetMeta(memoryTree({ 'm.json': '[]' }), 'm.json')).rejects.toThrow(
      'm.json: expected a JSON object',
    );
  });

  it('writes labels, label_map, colours and the background label', () => {
    expect(
      JSON.parse(
        formatDatasetMeta(
          ['background', 'car'],
          new Map([
            [0, [0, 0, 0]],
            [1, [128, 0, 0]],
          ]),
        ),
      ),
    ).toEqual({
      labels: ['background', 'car'],
      label_map: { 0: 'background', 1: 'car' },
      segmentation_colors: [
        [0, 0, 0],
        [128, 0, 0],
      ],
      background_label: '0',
    });
  });
});
