// Small CIFAR batches made here opcode by opcode, independently of the package's writer: the
// original's form (Python 2 cPickle, protocol 2: byte-string keys, BINPUT memo, a NumPy uint8 array
// whose data is a byte string), Python 3's re-pickling (protocol 2 with _codecs.encode for the bytes,
// protocol 4 with BINBYTES), and Datumaro's (an object array of arrays, image_sizes).
import { Dataset, type DatasetItem, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';

const enc = new TextEncoder();
const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** A tiny pickle assembler: each method appends the opcodes of one value. */
export class Pk {
  out: number[] = [];
  private memo = 0;
  constructor(readonly style: 'py2' | 'py3-2' | 'py3-4' = 'py2') {}
  op(...b: number[]) {
    this.out.push(...b);
    return this;
  }
  put() {
    return this.style === 'py3-4' ? this.op(0x94) : this.op(0x71, this.memo++ & 0xff);
  }
  str(s: string) {
    const b = [...enc.encode(s)];
    if (this.style === 'py2') this.op(0x55, b.length, ...b);
    else if (this.style === 'py3-2') this.op(0x58, ...u32(b.length), ...b);
    else this.op(0x8c, b.length, ...b);
    return this.put();
  }
  bytes(b: Uint8Array) {
    if (this.style === 'py2') this.op(0x54, ...u32(b.length), ...b);
    else if (this.style === 'py3-4') this.op(0x42, ...u32(b.length), ...b);
    else {
      // protocol 2 in Python 3: _codecs.encode(text, 'latin1')
      this.op(0x63, ...enc.encode('_codecs\nencode\n'));
      const text = [...b].map((c) => String.fromCharCode(c)).join('');
      const utf8 = [...enc.encode(text)];
      this.op(0x58, ...u32(utf8.length), ...utf8)
        .str('latin1')
        .op(0x86, 0x52);
    }
    return this.put();
  }
  int(n: number) {
    return n < 256 ? this.op(0x4b, n) : this.op(0x4a, ...u32(n));
  }
  list(items: (() => void)[]) {
    this.op(0x5d).put();
    if (items.length) {
      this.op(0x28);
      for (const f of items) f();
      this.op(0x65);
    }
    return this;
  }
  global(module: string, name: string) {
    if (this.style === 'py3-4') this.str(module).str(name).op(0x93);
    else this.op(0x63, ...enc.encode(`${module}\n${name}\n`));
    return this.put();
  }
  /** numpy's pickle of an array: _reconstruct(ndarray, (0,), b'b') then BUILD (1, shape, dtype, False, data). */
  ndarray(shape: number[], dtype: 'u1' | 'O8', data: () => void) {
    this.global('numpy.core.multiarray', '_reconstruct').global('numpy', 'ndarray');
    this.int(0).op(0x85).bytes(enc.encode('b')).op(0x87, 0x52).put();
    this.op(0x28).int(1);
    for (const d of shape) this.int(d);
    this.op(shape.length === 1 ? 0x85 : 0x86);
    this.global('numpy', 'dtype').str(dtype).op(0x89, 0x88, 0x87, 0x52).put();
    this.op(0x28)
      .int(3)
      .str('|')
      .op(0x4e, 0x4e, 0x4e)
      .op(0x4a, ...u32(-1), 0x4a, ...u32(-1))
      .int(dtype === 'u1' ? 0 : 63);
    this.op(0x74, 0x62, 0x89);
    data();
    return this.op(0x74, 0x62);
  }
  dict(entries: [string, () => void][]) {
    this.op(0x7d).put().op(0x28);
    for (const [k, f] of entries) {
      this.str(k);
      f();
    }
    return this.op(0x75);
  }
  done(): Uint8Array {
    return Uint8Array.from([0x80, this.style === 'py3-4' ? 4 : 2, ...this.out, 0x2e]);
  }
}

/** The planes of image k of h x w: red, green and blue each a pattern of their own. */
export const planes = (k: number, h = 32, w = 32) =>
  Uint8Array.from({ length: 3 * h * w }, (_, i) => (i * 13 + k * 71 + Math.floor(i / (h * w)) * 50) % 256);

/** A batch as the original's: labels, data (n x 3072 uint8), filenames, batch_label. */
export function originalBatch(
  style: Pk['style'],
  labels: number[],
  names: string[],
  first = 0,
  fine = false,
): Uint8Array {
  const p = new Pk(style);
  const rows = new Uint8Array(labels.length * 3072);
  labels.forEach((_, i) => {
    rows.set(planes(first + i), i * 3072);
  });
  const labelList = () => p.list(labels.map((l) => () => p.int(l)));
  return p
    .dict([
      ['batch_label', () => p.str('training batch 1 of 5')],
      ...(fine
        ? ([
            ['fine_labels', labelList],
            ['coarse_labels', () => p.list(labels.map((l) => () => p.int(l % 2)))],
          ] as [string, () => void][])
        : ([['labels', labelList]] as [string, () => void][])),
      ['data', () => p.ndarray([labels.length, 3072], 'u1', () => p.bytes(rows))],
      ['filenames', () => p.list(names.map((n) => () => p.str(n)))],
    ])
    .done();
}

export function cifar10Meta(style: Pk['style'] = 'py2'): Uint8Array {
  const p = new Pk(style);
  const names = ['airplane', 'automobile', 'bird', 'cat'];
  return p
    .dict([
      ['num_cases_per_batch', () => p.int(10000)],
      ['label_names', () => p.list(names.map((n) => () => p.str(n)))],
      ['num_vis', () => p.int(3072)],
    ])
    .done();
}

export function cifar100Meta(): Uint8Array {
  const p = new Pk('py2');
  return p
    .dict([
      ['fine_label_names', () => p.list(['apple', 'bee', 'bus'].map((n) => () => p.str(n)))],
      ['coarse_label_names', () => p.list(['fruit', 'insects'].map((n) => () => p.str(n)))],
    ])
    .done();
}

/** Datumaro's form: an object array of one uint8 array (or None) per image, image_sizes for other sizes. */
export function datumaroBatch(): Uint8Array {
  const p = new Pk('py3-4');
  const images: ([number, number] | null)[] = [[32, 32], null, [2, 3]];
  return p
    .dict([
      ['filenames', () => p.list(['a.png', 'b.png', 'c.png'].map((n) => () => p.str(n)))],
      ['labels', () => p.list([() => p.int(1), () => p.op(0x4e), () => p.int(0)])],
      [
        'data',
        () =>
          p.ndarray([3], 'O8', () =>
            p.list(
              images.map(
                (s, k) => () =>
                  s ? p.ndarray([3 * s[0] * s[1]], 'u1', () => p.bytes(planes(k, ...s))) : p.op(0x4e),
              ),
            ),
          ),
      ],
      [
        'image_sizes',
        () =>
          p.list(
            images.map(
              (s) => () =>
                p
                  .int(s?.[0] ?? 32)
                  .int(s?.[1] ?? 32)
                  .op(0x86),
            ),
          ),
      ],
    ])
    .done();
}

export const cifar10Tree = (style: Pk['style'] = 'py2') =>
  memoryTree({
    'batches.meta': cifar10Meta(style),
    data_batch_1: originalBatch(
      style,
      [0, 3, 1],
      ['leptodactylus_s_000004.png', 'cat_s_1.png', 'car_s_2.png'],
    ),
    test_batch: originalBatch(style, [2], ['bird_s_9.png'], 3),
    'readme.html': '<html>CIFAR-10</html>',
  });

const rgbPngOf = (pl: Uint8Array, w: number, h: number) => {
  const n = w * h;
  const data = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) data[3 * i + c] = pl[c * n + i]!;
  return encodePng({ width: w, height: h, colorType: 'rgb', data });
};

function imageItem(
  id: string,
  subset: string,
  label: number | undefined,
  k: number,
  w = 32,
  h = 32,
): DatasetItem {
  const pl = planes(k, h, w);
  return {
    id,
    subset,
    media: { kind: 'image', path: `${id}.png`, width: w, height: h, bytes: async () => rgbPngOf(pl, w, h) },
    annotations: label === undefined ? [] : [{ type: 'label', label, attributes: {} }],
    attributes: {},
  };
}

/** CIFAR-10-like: 32 x 32 images in data_batch_1 and test_batch. */
export const tenLike = () =>
  new Dataset({ labels: ['airplane', 'automobile', 'bird'].map((name) => ({ name })) }, [
    imageItem('img_0', 'data_batch_1', 0, 0),
    imageItem('img_1', 'data_batch_1', 2, 1),
    imageItem('img_2', 'test_batch', 1, 2),
  ]);

/** CIFAR-100-like: labels with parents; other sizes, an item without an image, one without a label. */
export const hundredLike = () =>
  new Dataset(
    {
      labels: [
        { name: 'apple', parent: 'fruit' },
        { name: 'bee', parent: 'insects' },
        { name: 'fruit' },
        { name: 'insects' },
      ],
    },
    [
      imageItem('a', 'train', 0, 0, 5, 4),
      imageItem('b', 'train', undefined, 1),
      {
        id: 'c',
        subset: 'train',
        annotations: [{ type: 'label', label: 1, attributes: {} }],
        attributes: {},
      },
      imageItem('d', 'test', 1, 2),
    ],
  );

/** hundredLike without its images: what the batches hold without saveMedia. */
export const labelsOnly = () => {
  const ds = hundredLike();
  return new Dataset(
    ds.categories,
    [...ds].map(({ media: _, ...item }) => item),
  );
};
