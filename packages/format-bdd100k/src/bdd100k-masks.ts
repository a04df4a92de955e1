import { type AnyFormat, defineFormat, type FormatCapabilities, type IoOptions } from '@labelport/core';
import { maskWriteOptions } from '../options.js';
import { detectMaskTask, type MaskTask } from './mask-layout.js';
import { readMaskTask } from './read-masks.js';
import { type MaskWriteOptions, writeMaskTask } from './write-masks.js';

/** The format object of one BDD100K mask task (they differ only in layout and pixel encoding). */
export function maskTaskFormat(
  task: MaskTask,
  title: string,
  capabilities: Partial<FormatCapabilities>,
): AnyFormat {
  return defineFormat<IoOptions, MaskWriteOptions>({
    id: `bdd100k_${task.id}`,
    title,
    extensions: ['.png'],
    options: { write: maskWriteOptions },
    capabilities: {
      annotations: ['mask'],
      converts: { polygon: 'mask' },
      media: [task.video ? 'video-frame' : 'image'],
      tracks: false,
      attributes: false,
      subsets: true,
      streaming: true,
      ...capabilities,
    },
    detect: async (ctx) => detectMaskTask(ctx, task),
    read: (tree, options) => readMaskTask(tree, task, options),
    write: (source, sink, options) => writeMaskTask(source, sink, task, options),
  });
}
