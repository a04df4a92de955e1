/**
 * The limits that keep hostile or broken input from exhausting memory, the stack or the CPU, in one
 * place. Exceeding one is a DatasetError 'too-large' naming the file and what was declared; a reader
 * or writer takes its limits from `options.limits` (see `limitsOf`), so a user with a truly huge
 * image raises `maxPixels` rather than patching a format.
 */
import { DatasetError } from './errors.js';

/** Bounds on what a reader or writer allocates (pixels, text, depth, counts), so that a hostile file fails with a DatasetError instead of exhausting memory. */
export interface DatasetLimits {
  /** Pixels of any one image or mask allocated width x height (2^28 = 16384 x 16384). */
  maxPixels: number;
  /** Nesting depth of JSON and XML documents (arrays, objects, elements). */
  maxDepth: number;
  /** Bytes of one file (or zip entry) read whole or decoded as text. */
  maxTextBytes: number;
  /** Bytes a zip archive's entries declare in all, inflated. */
  maxZipInflated: number;
  /**
   * Inflated bytes per archive byte, over all entries, checked past 64 MiB inflated. Deflate cannot
   * pass ~1032:1, so more means entries overlapping the same data (a "non-recursive" zip bomb); real
   * datasets (JSON ~10:1, PNG ~1:1) stay far below 250:1, a bomb of one repeated byte near 1000:1.
   */
  maxZipRatio: number;
}

/** The limits in force when none are given (2^28 pixels per image, among others). */
export const DEFAULT_LIMITS: Readonly<DatasetLimits> = Object.freeze({
  maxPixels: 2 ** 28,
  maxDepth: 512,
  // V8 strings stop at 0x1fffffe8 UTF-16 units; a UTF-8 file of this many bytes decodes below that.
  maxTextBytes: 512 * 2 ** 20 - 64,
  maxZipInflated: 4 * 2 ** 30,
  maxZipRatio: 250,
});

/** Where a limit was hit, for the message: a file, and a place inside it. */
export type LimitPlace = string | { file?: string; place?: string };

const placeOf = (where: LimitPlace | undefined) => (typeof where === 'string' ? { file: where } : where);

/** The limits in force: the defaults, with whatever `options.limits` raises or lowers. */
export function limitsOf(options?: { limits?: Partial<DatasetLimits> }): DatasetLimits {
  const given = options?.limits;
  if (!given) return DEFAULT_LIMITS;
  const out: DatasetLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof DatasetLimits)[]) {
    const v = given[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v > 0)) {
      throw new DatasetError('bad-option', `limits.${key} must be a positive number, got ${String(v)}`);
    }
    out[key] = v;
  }
  return out;
}

/**
 * Checks a declared image size before anything of that size is allocated: both must be finite
 * integers >= 0 (else 'bad-value') and their product at most `maxPixels` (else 'too-large').
 * Returns width x height.
 */
export function checkPixels(
  width: number,
  height: number,
  where?: LimitPlace,
  limits: DatasetLimits = DEFAULT_LIMITS,
): number {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 0 || height < 0) {
    throw new DatasetError(
      'bad-value',
      `invalid image size ${String(width)}x${String(height)} (not whole numbers of pixels)`,
      placeOf(where),
    );
  }
  const n = width * height;
  if (n > limits.maxPixels) {
    throw new DatasetError(
      'too-large',
      `an image of ${width}x${height} (${n} pixels) is over the limit of ${limits.maxPixels} pixels (limits.maxPixels)`,
      placeOf(where),
    );
  }
  return n;
}

/**
 * Every width x height (x channels) allocation goes through here: a zeroed Uint8Array, after
 * `checkPixels`. A declared 65535x65535 or -1x5 image is an error, never a RangeError or an OOM.
 */
export function allocatePixels(
  width: number,
  height: number,
  where?: LimitPlace,
  options: { channels?: number; limits?: DatasetLimits } = {},
): Uint8Array {
  const n = checkPixels(width, height, where, options.limits);
  return new Uint8Array(n * (options.channels ?? 1));
}

/** Refuses a file of `bytes` bytes that would be read whole (or as one string) over the limit. */
export function checkTextBytes(
  bytes: number,
  where?: LimitPlace,
  limits: DatasetLimits = DEFAULT_LIMITS,
): void {
  if (bytes > limits.maxTextBytes) {
    throw new DatasetError(
      'too-large',
      `${bytes} bytes is over the limit of ${limits.maxTextBytes} for a file read whole (limits.maxTextBytes)`,
      placeOf(where),
    );
  }
}

/**
 * Refuses JSON nested past `maxDepth` (arrays and objects), scanning without recursion and skipping
 * strings, so that a document nested 200,000 deep is refused before JSON.parse and before any
 * recursive walk of its value (JSON.stringify, say). Bytes (UTF-8) scan about 3x faster than a string.
 */
export function checkJsonDepth(
  json: string | Uint8Array,
  where?: LimitPlace,
  limits: DatasetLimits = DEFAULT_LIMITS,
): void {
  const scan = new JsonDepthScan(limits.maxDepth);
  let at = -1;
  if (typeof json !== 'string') at = scan.feed(json);
  else {
    // Strings are scanned as UTF-8 in slices: a byte loop is ~3x faster than charCodeAt.
    const buf = new Uint8Array(3 * 2 ** 16);
    const encoder = new TextEncoder();
    for (let i = 0; i < json.length && at < 0; i += 2 ** 16) {
      const { written } = encoder.encodeInto(json.slice(i, i + 2 ** 16), buf);
      at = scan.feed(buf.subarray(0, written));
    }
  }
  if (at >= 0) {
    throw new DatasetError(
      'too-large',
      `JSON nested more than ${limits.maxDepth} deep (limits.maxDepth) at byte ${at}`,
      placeOf(where),
    );
  }
}

/** Nesting depth of JSON fed in slices of UTF-8; strings (and escapes in them) are skipped. */
class JsonDepthScan {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private offset = 0;
  constructor(private readonly max: number) {}

  /** Where (a byte offset from the start) the depth first passes the maximum, or -1. */
  feed(b: Uint8Array): number {
    let { depth, inString, escaped } = this;
    const n = b.length;
    let i = 0;
    for (; i < n; i++) {
      if (inString || b[i] === 0x22) {
        // skip to the string's closing quote (it may be in a later slice)
        if (!inString) i++;
        inString = true;
        for (; i < n; i++) {
          const d = b[i];
          if (escaped) escaped = false;
          else if (d === 0x5c) escaped = true;
          else if (d === 0x22) {
            inString = false;
            break;
          }
        }
        continue;
      }
      const c = b[i];
      if (c === 0x5b || c === 0x7b) {
        if (++depth > this.max) break;
      } else if (c === 0x5d || c === 0x7d) depth--;
    }
    Object.assign(this, { depth, inString, escaped });
    const found = i < n ? this.offset + i : -1;
    this.offset += n;
    return found;
  }
}

/** Throws 'too-large' when an XML element (or another tree) is nested past `maxDepth`. */
export function checkDepth(depth: number, where?: LimitPlace, limits: DatasetLimits = DEFAULT_LIMITS): void {
  if (depth > limits.maxDepth) {
    throw new DatasetError(
      'too-large',
      `nested more than ${limits.maxDepth} deep (limits.maxDepth)`,
      placeOf(where),
    );
  }
}
