import { defineFormat, type OptionValues } from '@labelport/core';
import { vggFace2WriteOptions } from './options.js';
import { detectVggFace2, readVggFace2 } from './read-vgg-face2.js';
import { writeVggFace2 } from './write-vgg-face2.js';

export type VggFace2WriteOptions = OptionValues<typeof vggFace2WriteOptions>;

export const vggFace2 = defineFormat<object, VggFace2WriteOptions>({
  id: 'vgg_face2',
  title: 'VGGFace2',
  extensions: ['.csv'],
  options: { write: vggFace2WriteOptions },
  capabilities: {
    annotations: ['bbox', 'points', 'label'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: false,
  },
  detect: detectVggFace2,
  read: readVggFace2,
  write: writeVggFace2,
});
