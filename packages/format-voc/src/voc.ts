/**
 * Pascal VOC's formats: the family (`voc`, every task found) and one format per task, from one table
 * of what each task holds. They share the reader, the writer and the detector, given the task.
 */
import { type AnnotationType, defineFormat, type Format } from '@labelport/core';
import { detectVoc } from './detect-voc.js';
import type { VocTask } from './lib/labelmap.js';
import { vocWriteOptions } from './options.js';
import { readVocTree } from './read-voc.js';
import { type VocWriteOptions, writeVocTree } from './write-voc.js';

interface VocTaskSpec {
  title: string;
  /** Other ids the format answers to (Datumaro's ids for layouts the task reads). */
  aliases?: string[];
  extensions: string[];
  /** What the task's writer keeps, and what it turns into another type. */
  annotations: AnnotationType[];
  converts?: Partial<Record<AnnotationType, AnnotationType>>;
  attributes: boolean;
}

const VOC_TASKS: Record<VocTask, VocTaskSpec> = {
  // All tasks found: class labels (ImageSets/Main/<label>_<subset>.txt), boxes with parts and actions
  // (Annotations/*.xml), class and instance masks (SegmentationClass/, SegmentationObject/).
  voc: {
    title: 'Pascal VOC',
    extensions: ['.xml', '.txt', '.png'],
    annotations: ['label', 'bbox', 'mask'],
    converts: { polygon: 'mask' },
    attributes: true,
  },
  // Image labels from ImageSets/Main/<label>_<subset>.txt.
  voc_classification: {
    title: 'Pascal VOC classification',
    extensions: ['.txt'],
    annotations: ['label'],
    attributes: false,
  },
  // Boxes with difficult/truncated/occluded/pose and other attributes (Annotations/*.xml); also CVAT's
  // loose layout (a folder of .xml files), which is also Roboflow's VOC export (Datumaro's roboflow_voc).
  voc_detection: {
    title: 'Pascal VOC detection',
    aliases: ['roboflow_voc'],
    extensions: ['.xml', '.txt'],
    annotations: ['bbox'],
    attributes: true,
  },
  // Class and instance palette PNG masks; polygons and boxes are drawn into them on write.
  voc_segmentation: {
    title: 'Pascal VOC segmentation',
    extensions: ['.png', '.txt'],
    annotations: ['mask'],
    converts: { polygon: 'mask', bbox: 'mask' },
    attributes: false,
  },
  // Datumaro's instance segmentation task: the boxes of Annotations/*.xml and the class and instance
  // masks of the items of ImageSets/Segmentation/<subset>.txt.
  voc_instance_segmentation: {
    title: 'Pascal VOC instance segmentation',
    extensions: ['.png', '.xml', '.txt'],
    annotations: ['bbox', 'mask'],
    converts: { polygon: 'mask' },
    attributes: true,
  },
  // Person (and background) boxes with their head/hand/foot part boxes (same group).
  voc_layout: {
    title: 'Pascal VOC person layout',
    extensions: ['.xml', '.txt'],
    annotations: ['bbox'],
    attributes: true,
  },
  // Person (and background) boxes with action flags as boolean attributes.
  voc_action: {
    title: 'Pascal VOC action classification',
    extensions: ['.xml', '.txt'],
    annotations: ['bbox'],
    attributes: true,
  },
};

function vocFormat(task: VocTask): Format<object, VocWriteOptions> {
  const spec = VOC_TASKS[task];
  return defineFormat<object, VocWriteOptions>({
    id: task,
    title: spec.title,
    ...(spec.aliases ? { aliases: spec.aliases } : {}),
    extensions: spec.extensions,
    options: { write: vocWriteOptions },
    capabilities: {
      labelParents: true,
      annotations: spec.annotations,
      ...(spec.converts ? { converts: spec.converts } : {}),
      media: ['image'],
      tracks: false,
      attributes: spec.attributes,
      subsets: true,
      streaming: true,
    },
    detect: (ctx) => detectVoc(ctx, task),
    read: (tree, options) => readVocTree(tree, task, options),
    write: (source, sink, options) => writeVocTree(source, sink, task, options),
  });
}

export const voc = vocFormat('voc');
export const vocClassification = vocFormat('voc_classification');
export const vocDetection = vocFormat('voc_detection');
export const vocSegmentation = vocFormat('voc_segmentation');
export const vocInstanceSegmentation = vocFormat('voc_instance_segmentation');
export const vocLayout = vocFormat('voc_layout');
export const vocAction = vocFormat('voc_action');
