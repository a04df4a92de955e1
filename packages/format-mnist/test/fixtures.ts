// Small MNIST datasets made here, byte by byte (independently of the package's own writer): the
// original's IDX layout (gzipped and not), Datumaro's (its pixel-count header, meta file, labels.txt)
// and the CSV form.
import { gzipSync } from 'node:zlib';
import { Dataset, type DatasetItem, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';

/** An IDX file of unsigned bytes: 00 00 08 <ndims>, the dimensions big-endian, the data. */
export function idx(dims: number[], data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => {
    out[4 + 4 * i] = (d >>> 24) & 0xff;
    out[5 + 4 * i] = (d >>> 16) & 0xff;
    out[6 + 4 * i] = (d >>> 8) & 0xff;
    out[7 + 4 * i] = d & 0xff;
  });
  out.set(Array.from(data), 4 + 4 * dims.length);
  return out;
}

export const gz = (b: Uint8Array): Uint8Array => new Uint8Array(gzipSync(b));

/** The pixels of image `k` of size h x w: a pattern that tells images apart. */
export const pattern = (k: number, h = 28, w = 28): Uint8Array =>
  Uint8Array.from({ length: h * w }, (_, i) => (i * 7 + k * 31) % 256);

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** The original layout: train (labels 5, 0, 4) and t10k (7, 2), gzipped. */
export function originalFiles(compress = true): Record<string, Uint8Array> {
  const z = compress ? gz : (b: Uint8Array) => b;
  const ext = compress ? '.gz' : '';
  return {
    [`train-labels-idx1-ubyte${ext}`]: z(idx([3], [5, 0, 4])),
    [`train-images-idx3-ubyte${ext}`]: z(idx([3, 28, 28], concat([0, 1, 2].map((k) => pattern(k))))),
    [`t10k-labels-idx1-ubyte${ext}`]: z(idx([2], [7, 2])),
    [`t10k-images-idx3-ubyte${ext}`]: z(idx([2, 28, 28], concat([3, 4].map((k) => pattern(k))))),
  };
}

/** A NumPy `<U32` array's bytes: each cell 32 UTF-32LE code points, NUL-padded. */
export function u32(rows: string[][]): Uint8Array {
  const cells = rows.flat();
  const out = new Uint8Array(cells.length * 128);
  const view = new DataView(out.buffer);
  cells.forEach((c, i) => {
    [...c].forEach((ch, k) => {
      view.setUint32(i * 128 + 4 * k, ch.codePointAt(0)!, true);
    });
  });
  return out;
}

/**
 * As Datumaro's exporter writes a subset with other ids and sizes: the images header's count is the
 * number of pixel bytes (and 28 x 28 whatever the sizes), a `<subset>-meta.gz` of [id, h, w], labels.txt.
 */
export function datumaroFiles(): Record<string, Uint8Array | string> {
  const pixels = concat([pattern(0, 2, 3), pattern(1, 4, 1)]);
  return {
    'val-labels-idx1-ubyte.gz': gz(idx([3], [1, 255, 0])),
    'val-images-idx3-ubyte.gz': gz(idx([pixels.length, 28, 28], pixels)),
    'val-meta.gz': gz(
      u32([
        ['a', '2', '3'],
        ['b', '4', '1'],
        ['c', '0', '0'],
      ]),
    ),
    'labels.txt': 'cat\ndog\n',
  };
}

export const grayPngOf = (pixels: Uint8Array, w: number, h: number) =>
  encodePng({ width: w, height: h, colorType: 'gray', data: pixels });

export async function pixelsOf(item: DatasetItem | undefined): Promise<number[]> {
  const png = decodePng(await item!.media!.bytes!());
  return Array.from(png.data);
}

function imageItem(
  id: string,
  subset: string,
  label: number | undefined,
  w: number,
  h: number,
  k: number,
): DatasetItem {
  const pixels = pattern(k, h, w);
  return {
    id,
    subset,
    media: {
      kind: 'image',
      path: `${id}.png`,
      width: w,
      height: h,
      bytes: async () => grayPngOf(pixels, w, h),
    },
    annotations: label === undefined ? [] : [{ type: 'label', label, attributes: {} }],
    attributes: {},
  };
}

/** Gray images of MNIST's size, ids 0, 1, 2: what the original's files hold. */
export const digits = () =>
  new Dataset({ labels: '0123456789'.split('').map((name) => ({ name })) }, [
    imageItem('0', 'train', 3, 28, 28, 0),
    imageItem('1', 'train', 0, 28, 28, 1),
    imageItem('0', 'test', 9, 28, 28, 2),
  ]);

/** Named items, images of other sizes, one without a label, one without an image, label 0. */
export const mixed = () =>
  new Dataset({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
    imageItem('img_a', 'train', 0, 3, 2, 0),
    imageItem('img_b', 'train', undefined, 5, 4, 1),
    {
      id: 'no_image',
      subset: 'train',
      annotations: [{ type: 'label', label: 1, attributes: {} }],
      attributes: {},
    },
    imageItem('x/y', 'val', 1, 28, 28, 2),
  ]);

/** Labels alone (what Datumaro writes without save_media). */
export const labelsOnly = () =>
  new Dataset({ labels: [{ name: 'a' }, { name: 'b' }] }, [
    {
      id: '0',
      subset: 'default',
      annotations: [{ type: 'label', label: 1, attributes: {} }],
      attributes: {},
    },
    { id: '1', subset: 'default', annotations: [], attributes: {} },
  ]);

export const tree = (files: Record<string, Uint8Array | string>) => memoryTree(files);
