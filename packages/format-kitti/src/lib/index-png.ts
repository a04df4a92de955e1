import {
  type BinaryMask,
  DatasetError,
  decodePng,
  encodePng,
  inFile,
  lazyMask,
  type MaskSource,
} from '@labelport/core';

/** A single-channel image of ids (class or instance ids), as stored in a gray or palette PNG. */
export interface IndexImage {
  width: number;
  height: number;
  values: Uint8Array | Uint16Array;
}

/** Decodes a gray (8 or 16-bit) or palette PNG of ids; anything else is a DatasetError naming the file. */
export function decodeIndexPng(bytes: Uint8Array, file: string): IndexImage {
  const png = inFile(file, () => decodePng(bytes));
  if (png.channels !== 1) {
    throw new DatasetError(
      'bad-mask',
      `expected a single-channel (gray or palette) PNG of ids, got ${png.colorType}`,
      {
        file,
      },
    );
  }
  return { width: png.width, height: png.height, values: png.data };
}

/** The distinct values of an id image, ascending. */
export function distinctValues(values: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  let last = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== last) {
      seen.add(v);
      last = v;
    }
  }
  return [...seen].sort((a, b) => a - b);
}

/** The pixels equal to `value`, extracted only when the mask is loaded. */
export function valueMask(image: IndexImage, value: number): MaskSource {
  const { width, height, values } = image;
  return lazyMask(
    async (): Promise<BinaryMask> => {
      const data = new Uint8Array(width * height);
      for (let i = 0; i < data.length; i++) if (values[i] === value) data[i] = 1;
      return { width, height, data };
    },
    { width, height },
  );
}

/** A 16-bit gray PNG of ids. */
export function encodeIndexPng16(width: number, height: number, values: ArrayLike<number>): Uint8Array {
  return encodePng({ width, height, colorType: 'gray', bitDepth: 16, data: values });
}
