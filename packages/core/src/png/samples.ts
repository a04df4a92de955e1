/**
 * Converts packed scanline bytes (rows x rowBytes) to one array element per sample:
 * 8-bit data is returned as is, 16-bit big-endian pairs become a Uint16Array, and 1/2/4-bit
 * samples are unpacked to one byte each (row padding bits dropped).
 */
export function unpackSamples(
  packed: Uint8Array,
  rows: number,
  rowBytes: number,
  samplesPerRow: number,
  bitDepth: number,
): Uint8Array | Uint16Array {
  if (bitDepth === 8) return packed;
  if (bitDepth === 16) {
    const n = rows * samplesPerRow;
    const out = new Uint16Array(n);
    for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = (packed[j] << 8) | packed[j + 1];
    return out;
  }
  const out = new Uint8Array(rows * samplesPerRow);
  const perByte = 8 / bitDepth;
  const mask = (1 << bitDepth) - 1;
  let o = 0;
  for (let y = 0; y < rows; y++) {
    const r = y * rowBytes;
    for (let i = 0; i < samplesPerRow; i++) {
      const byte = packed[r + Math.floor(i / perByte)];
      const shift = 8 - bitDepth * ((i % perByte) + 1);
      out[o++] = (byte >> shift) & mask;
    }
  }
  return out;
}

/** The inverse of `unpackSamples` for 8 and 16-bit samples (rows of samplesPerRow samples). */
export function packSamples(
  data: ArrayLike<number>,
  rows: number,
  samplesPerRow: number,
  bitDepth: 8 | 16,
): Uint8Array {
  const n = rows * samplesPerRow;
  if (bitDepth === 8) {
    if (data instanceof Uint8Array) return data.length === n ? data : data.subarray(0, n);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = data[i];
    return out;
  }
  const out = new Uint8Array(2 * n);
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    const v = data[i];
    out[j] = v >> 8;
    out[j + 1] = v;
  }
  return out;
}
