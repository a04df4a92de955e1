/**
 * Base64 (RFC 4648, the standard alphabet) without Buffer, for Labelbox's inline PNG masks.
 * TODO(core): one base64 codec (LabelMe keeps its own in format-labelme/src/lib/mask-png.ts).
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) VALUE[B64.charCodeAt(i)] = i;

/** Base64 text (padding optional, whitespace ignored) as bytes; undefined when malformed. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const s = text.replace(/\s+/g, '').replace(/=+$/, '');
  if (s.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? VALUE[c]! : -1;
    if (v < 0) return undefined;
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out;
}

/** Bytes as base64 text, padded. */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    parts.push(
      B64[(n >> 18) & 63]! +
        B64[(n >> 12) & 63]! +
        (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=') +
        (i + 2 < bytes.length ? B64[n & 63]! : '='),
    );
  }
  return parts.join('');
}
