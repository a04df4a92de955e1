// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const cocoWriteOptions = {
  segmentation: {
    type: 'string',
    default: 'keep',
    values: ['keep', 'polygons', 'mask'],
    doc: 'how instance segmentations are written: as they came, all as polygons, all as masks',
  },
  rle: {
    type: 'string',
    default: 'keep',
    values: ['keep', 'compressed', 'uncompressed'],
    doc: 'RLE counts: as they came, always compressed strings, always lists',
  },
  reindex: {
    type: 'boolean',
    default: false,
    doc: "number images, annotations and categories afresh from 1 instead of keeping the source's ids",
  },
  mergeImages: {
    type: 'boolean',
    default: false,
    doc: 'with --save-media: all images in images/ instead of images/<subset>/',
  },
  allowAttributes: {
    type: 'boolean',
    default: true,
    doc: "write attributes COCO has no field for into the annotation's attributes object",
  },
  tasks: {
    type: 'string[]',
    values: ['instances', 'person_keypoints', 'captions', 'labels', 'image_info', 'panoptic', 'stuff'],
    doc: 'the coco format: which tasks to write (default: every task that has something to write)',
  },
} as const satisfies OptionSpecs;
