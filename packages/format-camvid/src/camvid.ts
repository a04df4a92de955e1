import { defineFormat, type OptionValues } from '@labelport/core';
import { camvidWriteOptions } from './options.js';
import { detectCamvid, readCamvid } from './read-camvid.js';
import { writeCamvid } from './write-camvid.js';

export type CamvidWriteOptions = OptionValues<typeof camvidWriteOptions>;

/** CamVid: `<subset>.txt` lists of images and colour masks, a label map of colours. */
export const camvid = defineFormat<object, CamvidWriteOptions>({
  id: 'camvid',
  title: 'CamVid',
  extensions: ['.txt'],
  options: { write: camvidWriteOptions },
  capabilities: {
    annotations: ['mask'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
  },
  detect: detectCamvid,
  read: readCamvid,
  write: writeCamvid,
});
