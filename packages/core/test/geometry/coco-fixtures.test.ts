import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseCocoRle,
  rasterizePolygons,
  rleArea,
  rleToBbox,
  rleToString,
} from '../../src/geometry/index.js';
import { fixturesDir } from '../../src/testing/expect.js';

// Real COCO files from the corpus (LABELPORT_FIXTURES); skipped, saying so, when it is absent.
const corpus = fixturesDir();
const cocoRoot = corpus ? join(corpus, 'datumaro') : undefined;

interface Found {
  file: string;
  width: number;
  height: number;
  ann: { segmentation: unknown; area?: number; bbox?: number[]; iscrowd?: number };
}

function collect(dir: string, out: Found[]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.json')) {
      let json: any;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        continue;
      }
      const images = new Map<number, { width: number; height: number }>();
      for (const im of Array.isArray(json?.images) ? json.images : []) images.set(im.id, im);
      const anns = Array.isArray(json) ? json : Array.isArray(json?.annotations) ? json.annotations : [];
      for (const ann of anns) {
        if (!ann || typeof ann !== 'object' || !ann.segmentation) continue;
        const im = images.get(ann.image_id);
        const size = ann.segmentation.size;
        const height = Array.isArray(size) ? size[0] : im?.height;
        const width = Array.isArray(size) ? size[1] : im?.width;
        if (typeof width === 'number' && typeof height === 'number')
          out.push({ file: path, width, height, ann });
      }
    }
  }
}

describe.skipIf(!cocoRoot)('COCO segmentations in the corpus', () => {
  const found: Found[] = [];
  if (cocoRoot) collect(cocoRoot, found);

  it('finds segmentations to check', () => {
    expect(found.length).toBeGreaterThan(10);
  });

  it('re-encodes every compressed RLE string byte for byte, and its area is the file area', () => {
    const strings = found.filter(
      (f) => typeof (f.ann.segmentation as { counts?: unknown }).counts === 'string',
    );
    expect(strings.length).toBeGreaterThan(0);
    for (const f of strings) {
      const seg = f.ann.segmentation as { counts: string; size: [number, number] };
      const rle = parseCocoRle(seg);
      expect(rleToString(rle.counts), f.file).toBe(seg.counts);
      if (typeof f.ann.area === 'number') expect(rleArea(rle), f.file).toBe(f.ann.area);
    }
  });

  it('parses every uncompressed RLE, and its area is the file area', () => {
    const lists = found.filter((f) => Array.isArray((f.ann.segmentation as { counts?: unknown }).counts));
    expect(lists.length).toBeGreaterThan(0);
    for (const f of lists) {
      const rle = parseCocoRle(f.ann.segmentation);
      expect(rleArea(rle), f.file).toBe(f.ann.area);
    }
  });

  it('rasterises every non-empty polygon list to the area in the file', () => {
    // These files were written by hand or by Datumaro, not by pycocotools; the areas still agree.
    const polys = found.filter(
      (f) =>
        Array.isArray(f.ann.segmentation) && (f.ann.segmentation as number[][]).some((p) => p.length >= 6),
    );
    expect(polys.length).toBeGreaterThan(0);
    for (const f of polys) {
      const rle = rasterizePolygons(f.ann.segmentation as number[][], f.height, f.width);
      expect(rleArea(rle), f.file).toBe(f.ann.area);
    }
  });

  it('gives the pixel box of the Segment Anything sample masks', () => {
    // segment_anything_dataset/a.json: counts "`04n0" on 5x10, bbox [3, 1, 1, 4] in the file
    const sam = found.filter(
      (f) => f.file.includes('segment_anything') && rleArea(parseCocoRle(f.ann.segmentation)) > 0,
    );
    expect(sam.length).toBeGreaterThan(0);
    for (const f of sam) expect(rleToBbox(parseCocoRle(f.ann.segmentation)), f.file).toEqual(f.ann.bbox);
  });
});
