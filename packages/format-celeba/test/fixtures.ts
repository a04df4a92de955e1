// Small CelebA datasets made here in the real dataset's layout (its README: identity, attribute,
// box, landmark and partition files, the values aligned with spaces as in the real files).
import { Dataset, type DatasetItem, memoryTree } from '@labelport/core';

/** The header of a baseline JPEG of w x h (SOI, SOF0, EOI): enough for its size to be read. */
export function jpeg(w: number, h: number): Uint8Array {
  return Uint8Array.from([
    0xff,
    0xd8,
    0xff,
    0xc0,
    0,
    11,
    8,
    h >> 8,
    h & 0xff,
    w >> 8,
    w & 0xff,
    1,
    1,
    0x11,
    0,
    0xff,
    0xd9,
  ]);
}

export const ATTR_NAMES = ['5_o_Clock_Shadow', 'Arched_Eyebrows', 'Young'];

/** In-the-wild CelebA: 3 images, identities 2880, 2937 and 8692, one name with a space. */
export const celebaFiles = (root = ''): Record<string, string | Uint8Array> => {
  const p = (f: string) => (root ? `${root}/${f}` : f);
  return {
    [p('Anno/identity_CelebA.txt')]: '000001.jpg 2880\n000002.jpg 2937\n"my face.jpg" 8692\n',
    [p('Anno/list_attr_celeba.txt')]:
      `3\n${ATTR_NAMES.join(' ')} \n000001.jpg -1  1  1\n000002.jpg -1 -1  1\n"my face.jpg"  1 -1 -1\n`,
    [p('Anno/list_bbox_celeba.txt')]:
      '3\nimage_id x_1 y_1 width height\n000001.jpg    95  71 226 313\n000002.jpg    72  94 221 306\n"my face.jpg"   216  59  91 126\n',
    [p('Anno/list_landmarks_celeba.txt')]:
      '3\nlefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y\n' +
      '000001.jpg 165  184  244  176  196  249  194  271  266  260\n' +
      '000002.jpg 140  204  220  204  168  254  146  289  226  289\n' +
      '"my face.jpg" 244  104  264  105  263  121  235  134  251  140\n',
    [p('Eval/list_eval_partition.txt')]: '000001.jpg 0\n000002.jpg 1\n"my face.jpg" 2\n',
    [p('Img/img_celeba/000001.jpg')]: jpeg(500, 400),
    [p('Img/img_celeba/000002.jpg')]: jpeg(320, 480),
    [p('Img/img_celeba/my face.jpg')]: jpeg(100, 120),
  };
};

/** Aligned CelebA: 2 images of 178 x 218, landmarks of the aligned images, no boxes. */
export const alignFiles = (): Record<string, string | Uint8Array> => ({
  'Anno/identity_CelebA.txt': '000001.jpg 2880\n000002.jpg 2937\n',
  'Anno/list_landmarks_align_celeba.txt':
    '2\nlefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y\n' +
    '000001.jpg 69  109  106  113   77  142   73  152  108  154\n' +
    '000002.jpg 69  110  107  112   81  135   70  151  108  153\n',
  'Anno/list_attr_celeba.txt': `2\n${ATTR_NAMES.join(' ')}\n000001.jpg -1  1  1\n000002.jpg  1  1 -1\n`,
  'Eval/list_eval_partition.txt': '000001.jpg 0\n000002.jpg 0\n',
  'Img/img_align_celeba/000001.jpg': jpeg(178, 218),
  'Img/img_align_celeba/000002.jpg': jpeg(178, 218),
});

export const tree = (files: Record<string, string | Uint8Array>) => memoryTree(files);

function face(
  id: string,
  subset: string,
  label: number | undefined,
  opts: { box?: boolean; size?: [number, number] },
): DatasetItem {
  const [w, h] = opts.size ?? [64, 80];
  const points = [10, 20, 30, 20, 20, 35, 12, 50, 28, 50.5];
  return {
    id,
    subset,
    media: { kind: 'image', path: `${id}.jpg`, width: w, height: h, bytes: async () => jpeg(w, h) },
    annotations: [
      ...(label === undefined ? [] : [{ type: 'label' as const, label, attributes: {} }]),
      ...(opts.box ? [{ type: 'bbox' as const, label, x: 1, y: 2.5, w: 30, h: 40, attributes: {} }] : []),
      { type: 'points', label, points, visibility: [2, 2, 2, 2, 2], attributes: {} },
    ],
    attributes: { Smiling: label === 0, Young: true },
  };
}

/** Faces of three labels, in train, val, test and default, one without a label. */
export const faces = (box: boolean) =>
  new Dataset({ labels: ['class-0', 'class-1', 'class-2'].map((name) => ({ name })) }, [
    face('000001', 'train', 0, { box }),
    face('000002', 'val', 2, { box, size: [30, 31] }),
    face('000003', 'test', 1, { box }),
    face('000004', 'default', undefined, { box: false }),
  ]);

/** Identities with names of their own (written in dataset_meta.json), without images. */
export const named = () =>
  new Dataset({ labels: [{ name: 'alice' }, { name: 'bob' }] }, [
    {
      id: 'a',
      subset: 'train',
      media: { kind: 'image', path: 'a.png' },
      annotations: [{ type: 'label', label: 1, attributes: {} }],
      attributes: {},
    },
    {
      id: 'b',
      subset: 'default',
      annotations: [{ type: 'label', label: 0, attributes: {} }],
      attributes: {},
    },
  ]);
