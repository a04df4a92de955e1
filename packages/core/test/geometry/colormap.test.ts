import { describe, expect, it } from 'vitest';
import { vocColormap } from '../../src/geometry/index.js';

describe('vocColormap', () => {
  it('has the Pascal VOC class colours', () => {
    const map = vocColormap();
    expect(map).toHaveLength(256);
    // background, aeroplane, bicycle, bird, boat, bottle, bus, car, cat, chair, cow, ... tvmonitor (20)
    const voc: [number, number, number][] = [
      [0, 0, 0],
      [128, 0, 0],
      [0, 128, 0],
      [128, 128, 0],
      [0, 0, 128],
      [128, 0, 128],
      [0, 128, 128],
      [128, 128, 128],
      [64, 0, 0],
      [192, 0, 0],
      [64, 128, 0],
      [192, 128, 0],
      [64, 0, 128],
      [192, 0, 128],
      [64, 128, 128],
      [192, 128, 128],
      [0, 64, 0],
      [128, 64, 0],
      [0, 192, 0],
      [128, 192, 0],
      [0, 64, 128],
    ];
    expect(map.slice(0, 21)).toEqual(voc);
    expect(map[255]).toEqual([224, 224, 192]); // the 'void' border colour
    expect(new Set(map.map((c) => c.join(','))).size).toBe(256);
  });

  it('gives n entries', () => {
    expect(vocColormap(3)).toEqual([
      [0, 0, 0],
      [128, 0, 0],
      [0, 128, 0],
    ]);
    expect(vocColormap(0)).toEqual([]);
    expect(() => vocColormap(-1)).toThrow(RangeError);
  });
});
