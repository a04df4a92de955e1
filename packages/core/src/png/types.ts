export type PngColorType = 'gray' | 'gray-alpha' | 'rgb' | 'rgba' | 'palette';
export type PngBitDepth = 1 | 2 | 4 | 8 | 16;

/** What the IHDR chunk says. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: PngBitDepth;
  colorType: PngColorType;
  interlaced: boolean;
}

/** A decoded PNG: raw samples, not converted to RGBA. */
export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: PngBitDepth;
  colorType: PngColorType;
  /** Samples per pixel: gray and palette 1, gray-alpha 2, rgb 3, rgba 4. */
  channels: 1 | 2 | 3 | 4;
  /**
   * Samples row-major, `channels` per pixel, one array element per sample, as stored (not scaled):
   * Uint16Array for 16-bit images, else Uint8Array (1, 2 and 4-bit samples are unpacked to one
   * byte each, so a 1-bit gray image gives 0s and 1s). Palette images give the palette INDICES.
   */
  data: Uint8Array | Uint16Array;
  /** PLTE entries (palette images; optional suggested palette of rgb images). */
  palette?: [number, number, number][];
  /**
   * The tRNS chunk: for palette images the alpha of each palette entry (entries past its end are
   * opaque); for gray images [gray sample value]; for rgb images [r, g, b] sample values that are transparent.
   */
  transparency?: number[];
}

/** An image to write with `encodePng`. */
export interface PngImage {
  width: number;
  height: number;
  colorType: PngColorType;
  /** 8 (default) or 16; palette images are always 8-bit. */
  bitDepth?: 8 | 16;
  /** Samples row-major, `channels` per pixel (palette images: indices). */
  data: ArrayLike<number>;
  /** Required for palette images: 1 to 256 [r, g, b] entries. */
  palette?: [number, number, number][];
  /** Optional tRNS, in the form `DecodedPng.transparency` describes. */
  transparency?: number[];
}
