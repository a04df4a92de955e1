// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats <id>` prints them.
import type { OptionSpecs } from '@labelport/core';

export const motReadOptions = {
  annotations: {
    type: 'string',
    values: ['gt', 'det'],
    doc: 'which annotations to read: gt/gt.txt or det/det.txt (default: gt when present)',
  },
  occlusionThreshold: {
    type: 'number',
    default: 0,
    doc: 'a box is occluded when its visibility is at most this',
  },
} as const satisfies OptionSpecs;

export const motWriteOptions = {
  annotations: {
    type: 'string',
    default: 'gt',
    values: ['gt', 'det'],
    doc: 'write ground truth (gt/gt.txt) or detections (det/det.txt with scores)',
  },
  frameRate: { type: 'number', doc: 'write seqinfo.ini with this frame rate' },
} as const satisfies OptionSpecs;
