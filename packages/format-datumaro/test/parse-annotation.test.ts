import { describe, expect, it } from 'vitest';
import { parseAnnotation } from '../src/lib/parse-annotation.js';

describe('datumaro annotation parsing', () => {
  it('gives the geometry first, then the common fields in their order, and only those given', () => {
    const bbox = parseAnnotation(
      {
        type: 'bbox',
        bbox: [1, 2, 3, 4],
        object_id: 7,
        z_order: 2,
        group: 5,
        label_id: 1,
        id: 0,
        attributes: { a: 1, b: null },
      },
      'p',
      2,
    );
    expect(bbox).toEqual({
      type: 'bbox',
      x: 1,
      y: 2,
      w: 3,
      h: 4,
      attributes: { a: 1 },
      id: 0,
      label: 1,
      group: 5,
      zOrder: 2,
      objectId: 7,
    });
    expect(Object.keys(bbox!)).toEqual([
      'type',
      'x',
      'y',
      'w',
      'h',
      'attributes',
      'id',
      'label',
      'group',
      'zOrder',
      'objectId',
    ]);
    const points = parseAnnotation({ type: 'points', points: [1, 2], group: 0 }, 'p', 2);
    expect(Object.keys(points!)).toEqual(['type', 'points', 'visibility', 'attributes']);
  });

  it('checks the common fields before the geometry', () => {
    expect(() => parseAnnotation({ type: 'bbox', bbox: [1, 'x'], label_id: 9 }, 'p', 2)).toThrow(
      /p\.label_id: label 9/,
    );
    expect(() => parseAnnotation({ type: 'bbox', bbox: [1, 'x', 3, 4] }, 'p', 2)).toThrow(
      /p\.bbox: expected a list of numbers/,
    );
  });
});
