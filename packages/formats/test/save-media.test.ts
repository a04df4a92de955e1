// The class-level test of issue 12: every writer saves an item's image through core's saveMedia.
// Over every format that writes, a dataset of two items (one image with its bytes, one whose image
// is referenced but missing) is written with saveMedia: the image is written exactly once, in a
// file named with the media path's extension, and the missing one is reported as one 'media' loss.
import { type AnyFormat, Dataset, memorySink } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/index.js';

/** A real 2x2 RGB PNG: its bytes must come out as they went in. */
const PNG = encodePng({
  width: 2,
  height: 2,
  colorType: 'rgb',
  data: Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]),
});

/** Formats whose image is not a file of its own named after the media path, and why. */
const NOT_A_PNG_FILE: Record<string, string> = {
  image_zip: 'the images are entries of one archive (default.zip), not files of their own',
  tf_detection_api: 'the image bytes are embedded in the TFRecord (image/encoded), not written as a file',
  kitti_raw: "a point-cloud format: the item's media is its frame, written as velodyne_points/data/<id>.pcd",
};

/**
 * Formats that hold an image as decoded pixels in a file of their own (the PNG's bytes are nowhere in
 * the output): only the missing image's loss is checked, and why.
 */
const DECODED: Record<string, string> = {
  mnist: 'the images are rows of the IDX images file',
  mnist_csv: "the images are the CSV's pixel cells",
  cifar: "the images are rows of a batch's data",
};

const imagenetLoss = {
  loss: 'item',
  reason: 'the images are the dataset (the label is the folder): an item without bytes is not written at all',
};
/** Formats that report a missing image as another loss than 'media', and which one, and why. */
const OTHER_LOSS: Record<string, { loss: string; reason: string }> = {
  imagenet: imagenetLoss,
  imagenet_with_subset_dirs: imagenetLoss,
};

const dataset = () =>
  new Dataset({ labels: [{ name: 'cat' }] }, [
    {
      id: 'a',
      subset: 'default',
      attributes: {},
      annotations: [],
      media: { kind: 'image', path: 'a.png', width: 2, height: 2, bytes: async () => PNG },
    },
    {
      id: 'b',
      subset: 'default',
      attributes: {},
      annotations: [],
      media: { kind: 'image', path: 'b.png', width: 2, height: 2 },
    },
  ]);

/** How many times `needle` occurs in `hay`. */
function occurrences(hay: Uint8Array, needle: Uint8Array): number {
  let n = 0;
  for (
    let i = hay.indexOf(needle[0]!);
    i >= 0 && i + needle.length <= hay.length;
    i = hay.indexOf(needle[0]!, i + 1)
  ) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) n++;
  }
  return n;
}

async function checkFormat(format: AnyFormat) {
  const sink = memorySink(format.id);
  const report = await format.write!(dataset(), sink, { saveMedia: true });
  await sink.commit();
  const holders = [...sink.files].flatMap(([path, bytes]) =>
    Array.from({ length: occurrences(bytes, PNG) }, () => path),
  );
  if (!DECODED[format.id]) {
    expect(holders, 'the files that hold the image').toHaveLength(1);
    if (!NOT_A_PNG_FILE[format.id]) expect(holders[0]).toMatch(/\.png$/);
  }
  const other = OTHER_LOSS[format.id];
  if (other) {
    expect(report.dropped[other.loss], other.loss).toBe(1);
    expect(report.dropped.media).toBeUndefined();
  } else expect(report.dropped.media, "the missing image: one 'media' loss").toBe(1);
}

const writers = formats.filter((f) => f.write);

describe.each(writers.map((f) => [f.id, f] as const))('%s: saveMedia', (_id, format) => {
  it('writes the image once, with its extension, and reports the missing one', () => checkFormat(format));
});

it('names only formats that exist and write', () => {
  const ids = new Set(writers.map((f) => f.id));
  for (const id of [...Object.keys(NOT_A_PNG_FILE), ...Object.keys(OTHER_LOSS)]) expect(ids).toContain(id);
});
