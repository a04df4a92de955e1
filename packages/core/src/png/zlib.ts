import { unzlibSync, zlibSync } from 'fflate';

/*
 * zlib for the PNG codec: fflate (pure JavaScript, works everywhere), or Node's native zlib when
 * the runtime offers it without an import (process.getBuiltinModule, Node >= 20.16), which
 * inflates about three times faster. Nothing here imports a Node module, so browser bundles stay clean.
 */

interface NativeZlib {
  inflateSync(data: Uint8Array, options: { maxOutputLength: number }): Uint8Array;
  deflateSync(data: Uint8Array, options: { level: number }): Uint8Array;
}

let native: NativeZlib | null | undefined;

function nativeZlib(): NativeZlib | null {
  if (native === undefined) {
    native = null;
    try {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      const zlib = proc?.getBuiltinModule?.('zlib') as NativeZlib | undefined;
      if (zlib && typeof zlib.inflateSync === 'function' && typeof zlib.deflateSync === 'function')
        native = zlib;
    } catch {
      native = null;
    }
  }
  return native;
}

/** Which zlib to use: 'auto' = native when available, else fflate; 'js' = always fflate. */
export type ZlibChoice = 'auto' | 'js';

/**
 * Inflates a zlib stream that should give `expected` bytes. Gives at most `expected` bytes (more
 * cannot be allocated by a malicious stream); may give fewer when the stream is short: callers check.
 * Throws the library's error for a corrupt stream.
 */
export function inflateZlib(data: Uint8Array, expected: number, choice: ZlibChoice = 'auto'): Uint8Array {
  const z = choice === 'auto' ? nativeZlib() : null;
  if (z) {
    // a little slack: trailing bytes after the image data are ignored, as by libpng, not an error
    const out = z.inflateSync(data, { maxOutputLength: expected + 4096 });
    return out.length > expected ? out.subarray(0, expected) : out;
  }
  return unzlibSync(data, { out: new Uint8Array(expected) });
}

/** Deflates to a zlib stream at `level` (0-9). */
export function deflateZlib(data: Uint8Array, level: number, choice: ZlibChoice = 'auto'): Uint8Array {
  const z = choice === 'auto' ? nativeZlib() : null;
  if (z) return z.deflateSync(data, { level });
  return zlibSync(data, { level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 });
}
