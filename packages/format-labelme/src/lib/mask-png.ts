import { allocatePixels, type BinaryMask, type DatasetLimits } from '@labelport/core';
import { encodePng } from '@labelport/core/png';

/** A mask painted as Datumaro paints LabelMe masks: RGBA, set pixels (255, 203, 0, 153), the rest clear. */
export function binaryMaskToPng(mask: BinaryMask, limits?: DatasetLimits): Uint8Array {
  const rgba = allocatePixels(mask.width, mask.height, 'mask', { channels: 4, limits });
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i]) {
      rgba[i * 4] = 255;
      rgba[i * 4 + 1] = 203;
      rgba[i * 4 + 2] = 0;
      rgba[i * 4 + 3] = 153;
    }
  }
  return encodePng({ width: mask.width, height: mask.height, colorType: 'rgba', data: rgba });
}
