import { defineFormat, type OptionValues } from '@labelport/core';
import { cityscapesVpsReadOptions, cityscapesVpsWriteOptions } from './options.js';
import { detectCityscapesVps, readCityscapesVps } from './read-cityscapes-vps.js';
import { writeCityscapesVps } from './write-cityscapes-vps.js';

export type CityscapesVpsReadOptions = OptionValues<typeof cityscapesVpsReadOptions>;
export type CityscapesVpsWriteOptions = OptionValues<typeof cityscapesVpsWriteOptions>;

/** Cityscapes-VPS: VPSNet's video panoptic segmentation benchmark (COCO-panoptic-like JSONs, id PNGs). */
export const cityscapesVps = defineFormat<CityscapesVpsReadOptions, CityscapesVpsWriteOptions>({
  id: 'cityscapes_vps',
  title: 'Cityscapes-VPS (video panoptic segmentation)',
  extensions: ['.png', '.json'],
  options: { read: cityscapesVpsReadOptions, write: cityscapesVpsWriteOptions },
  capabilities: {
    annotations: ['mask'],
    media: ['image'],
    tracks: true,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: detectCityscapesVps,
  read: readCityscapesVps,
  write: writeCityscapesVps,
});
