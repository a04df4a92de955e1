/**
 * IDX files (LeCun's MNIST page): a magic number `00 00 <type> <dims>`, then each dimension as a
 * big-endian uint32, then the data, row-major. MNIST's are unsigned bytes (type 0x08): labels have one
 * dimension (the count), images three (count, rows, columns).
 */
import { DatasetError } from '@labelport/core';

/** The IDX type code of unsigned bytes, the only one MNIST uses. */
export const IDX_UBYTE = 0x08;

const TYPE_NAMES: Record<number, string> = {
  8: 'unsigned bytes',
  9: 'signed bytes',
  11: '16-bit integers',
  12: '32-bit integers',
  13: 'floats',
  14: 'doubles',
};

/** An IDX file's dimensions and its data bytes (a view into the file's bytes). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const bad = (file: string, place: string, what: string) =>
  new DatasetError('bad-binary', what, { file, place });

/** True when the bytes start like an IDX file of unsigned bytes with 1 or 3 dimensions. */
export function looksLikeIdx(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0 &&
    head[1] === 0 &&
    head[2] === IDX_UBYTE &&
    (head[3] === 1 || head[3] === 3)
  );
}

/**
 * Parses an IDX file of unsigned bytes with `ndims` dimensions. The data is what follows the header
 * (its length is checked by the caller, who knows what it should hold).
 */
export function parseIdx(bytes: Uint8Array, ndims: 1 | 3, file: string): IdxArray {
  if (bytes.length < 4)
    throw bad(file, 'byte 0', `truncated: ${bytes.length} bytes, not even an IDX magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw bad(file, 'byte 0', `not an IDX file (magic number ${magic}, expected 00 00 08 0${ndims})`);
  }
  if (bytes[2] !== IDX_UBYTE) {
    const type = TYPE_NAMES[bytes[2]!] ?? `type 0x${bytes[2]!.toString(16)}`;
    throw bad(file, 'byte 2', `IDX data of ${type}: MNIST files hold unsigned bytes (0x08)`);
  }
  if (bytes[3] !== ndims) {
    throw bad(
      file,
      'byte 3',
      `${bytes[3]} dimensions, expected ${ndims} (${ndims === 1 ? 'labels' : 'images'})`,
    );
  }
  const start = 4 + 4 * ndims;
  if (bytes.length < start)
    throw bad(file, `byte ${bytes.length}`, `truncated in the IDX header (${start} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  return { dims, data: bytes.subarray(start) };
}

/** An IDX file of unsigned bytes: the header for `dims`, then `data`. */
export function formatIdx(dims: number[], data: Uint8Array): Uint8Array {
  const start = 4 + 4 * dims.length;
  const out = new Uint8Array(start + data.length);
  const view = new DataView(out.buffer);
  out[2] = IDX_UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  out.set(data, start);
  return out;
}
