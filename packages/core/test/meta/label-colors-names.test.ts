import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../src/errors.js';
import { formatLabelColors, type LabelMap, parseLabelColors } from '../../src/meta/index.js';

// Datumaro's writer: '%s %s\n' % (' '.join(color) or '', name)
const DATUMARO = '128 64 128 road\n0 0 0 background\n car\n';

describe('label_colors.txt: one reader and writer that agree (CamVid, Cityscapes, KITTI)', () => {
  it("reads Datumaro's file, and writes it byte for byte", () => {
    const map = parseLabelColors(DATUMARO, 'label_colors.txt');
    expect(map).toEqual([
      ['road', [128, 64, 128]],
      ['background', [0, 0, 0]],
      ['car', undefined],
    ]);
    expect(formatLabelColors(map)).toBe(DATUMARO);
  });

  it('keeps names with spaces (COCO, Open Images) through write and read, with a warning', () => {
    const map: LabelMap = [
      ['traffic light', [1, 2, 3]],
      ['fire  hydrant', undefined],
      ['/m/01g317', [4, 5, 6]],
      ['7', undefined],
    ];
    const warnings: string[] = [];
    const text = formatLabelColors(map, { warn: (m) => warnings.push(m) });
    expect(parseLabelColors(text, 'f')).toEqual(map);
    expect(warnings).toEqual([
      "label_colors.txt: 2 label name(s) hold spaces; labelport reads them back, Datumaro's reader does not",
    ]);
  });

  it('refuses names it could not read back, and bad lines, naming the line', () => {
    for (const name of ['', ' x', 'a\nb', '#x', '1 2 3 x']) {
      expect(() => formatLabelColors([[name, undefined]])).toThrow(DatasetError);
    }
    expect(() => parseLabelColors('a\n12 34 road\n', 'f')).toThrow(/f: line 2/);
    expect(() => parseLabelColors('256 0 0 x\n', 'f')).toThrow(/0\.\.255/);
    expect(() => parseLabelColors('x\n1 2 3 x\n', 'f')).toThrow(/defined twice/);
  });
});
