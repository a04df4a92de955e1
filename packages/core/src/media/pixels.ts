/**
 * An item's image decoded for a writer that stores pixels rather than image files (MNIST's IDX rows,
 * CIFAR's batches): one place for what such a writer cannot take (no bytes, not a PNG, a file that does
 * not decode), each counted as a lost 'media' with its reason, and for what 8-bit samples lose.
 */
import { isDatasetError } from '../errors.js';
import type { DatasetLimits } from '../limits.js';
import type { DatasetItem } from '../model.js';
import { decodePng } from '../png/decode.js';
import type { DecodedPng } from '../png/types.js';

const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/** True when a decoded PNG has a pixel that is not fully opaque. */
function hasTransparency(decoded: DecodedPng): boolean {
  const { channels, data, colorType } = decoded;
  if (colorType !== 'gray-alpha' && colorType !== 'rgba') return decoded.transparency !== undefined;
  const opaque = decoded.bitDepth === 16 ? 0xffff : 0xff;
  for (let s = channels - 1; s < data.length; s += channels) if (data[s] !== opaque) return true;
  return false;
}

/** A decoded image, and whether 8-bit opaque samples of it lose something (16-bit depth, transparency). */
export interface ItemPixels {
  decoded: DecodedPng;
  lossy: boolean;
}

/**
 * The item's image decoded (under `limits`), or `undefined`: without media (nothing to count), or with
 * media that cannot be had, counted in `report` as a lost 'media' saying it cannot be written `into`
 * (`'the MNIST files'`, `'a CIFAR batch'`).
 */
export async function itemPixels(
  item: Pick<DatasetItem, 'id' | 'media'>,
  limits: DatasetLimits,
  report: { drop(kind: string, count?: number, why?: string): void },
  into: string,
): Promise<ItemPixels | undefined> {
  if (!item.media) return undefined;
  const bytes = await item.media.bytes?.();
  if (!bytes) {
    report.drop('media', 1, `images without their bytes cannot be written into ${into}`);
    return undefined;
  }
  if (!isPng(bytes)) {
    report.drop('media', 1, `only PNG images can be written into ${into} (the toolbox decodes no other)`);
    return undefined;
  }
  try {
    const decoded = decodePng(bytes, { limits });
    return { decoded, lossy: decoded.bitDepth === 16 || hasTransparency(decoded) };
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    report.drop('media', 1, `${item.id}: the image cannot be decoded (${e.message})`);
    return undefined;
  }
}
