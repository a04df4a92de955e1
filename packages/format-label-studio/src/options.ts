// The reader's and writer's options, described as data: their types derive from these objects, the
// CLI checks --option/--read-option against them, and `labelport formats label_studio` prints them.
import type { OptionSpecs } from '@labelport/core';

/** Which of a task's annotations (several annotators) the reader keeps. */
export const ANNOTATOR_CHOICES = ['all', 'first', 'last'] as const;
/** When the reader keeps a task's predictions. */
export const PREDICTION_CHOICES = ['without-annotations', 'all', 'none'] as const;
/** Where the writer puts the regions: Label Studio's two kinds of pre-annotations. */
export const WRITE_TARGETS = ['annotations', 'predictions'] as const;

export const labelStudioReadOptions = {
  annotators: {
    type: 'string',
    default: 'all',
    values: ANNOTATOR_CHOICES,
    doc: "a task's annotations to keep: all (each region's attribute 'annotator' says whose), or the first or last by created_at",
  },
  predictions: {
    type: 'string',
    default: 'without-annotations',
    values: PREDICTION_CHOICES,
    doc: "a task's predictions to keep: only on tasks without annotations (pre-annotation files), always, or never",
  },
  imageKey: {
    type: 'string',
    default: '',
    doc: "the task data key holding the image ('' : the labeling config's $key, else 'image', else the one image-like value)",
  },
  keepParsedBytes: {
    type: 'integer',
    default: 64 * 1024 * 1024,
    doc: 'exports up to this many bytes in all are parsed once and kept; larger ones are streamed again for the items',
  },
} as const satisfies OptionSpecs;

export const labelStudioWriteOptions = {
  to: {
    type: 'string',
    default: 'annotations',
    values: WRITE_TARGETS,
    doc: 'write the regions as annotations or as predictions (pre-annotations)',
  },
  imageRoot: {
    type: 'string',
    default: '/data/local-files/?d=',
    doc: 'prefix of image paths relative to the dataset (local files: /data/local-files/?d=, or a URL such as https://host/images/); URLs, s3://, gs:// and /data/ paths are written as they are',
  },
  imageKey: { type: 'string', default: 'image', doc: 'the task data key of the image' },
  toName: { type: 'string', default: 'image', doc: "the <Image> tag's name results point to (to_name)" },
  modelVersion: {
    type: 'string',
    default: '',
    doc: "predictions' model_version where the regions have no 'model_version' attribute",
  },
  file: {
    type: 'string',
    default: 'tasks.json',
    doc: 'the tasks file; the labeling config is written beside it',
  },
} as const satisfies OptionSpecs;
