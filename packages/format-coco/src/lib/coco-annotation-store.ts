import { DatasetError, type FileTree } from '@labelport/core';
import { utf8Text } from '@labelport/core/files';
import { parseJsonBytes } from '@labelport/core/json';

/**
 * The annotations of a task file, by their index in the file. `load(i)` makes those of image `i`
 * available (a promise only when it has to read); `get(j)` gives annotation `j` once loaded.
 */
export interface AnnotationStore {
  readonly count: number;
  load(i: number): Promise<void> | undefined;
  get(j: number): unknown;
}

/** Annotations parsed with the whole file. */
export function heldAnnotations(list: unknown[]): AnnotationStore {
  return { count: list.length, load: () => undefined, get: (j) => list[j] };
}

/** Bytes of annotations read and parsed at a time (images are taken whole). */
const BATCH_BYTES = 4 << 20;
/** Ranges closer than this are read as one. */
const GAP = 1 << 20;
/**
 * Neighbouring annotations parsed in one call: at most this many bytes (and at least one annotation).
 * V8 parses and decodes texts of tens of KB several times faster per byte than texts of a MB or more
 * (their strings and results stay in the young generation): runs of 64 KB parse a COCO file's
 * annotations in about a third of the time runs of 4,096 annotations (about 1 MB) took.
 */
const RUN_BYTES = 64 << 10;

/**
 * Annotations left in the file as byte ranges: the annotations of a run of images (about 32 MiB of
 * them) are read, the nearby ranges together, and parsed one at a time; the run before is let go.
 * Annotations written image by image (most writers) are read in one sweep.
 */
export class StreamedAnnotations implements AnnotationStore {
  private from = 0;
  private to = 0;
  /** The loaded annotations: indices (ascending) and values side by side; `at` is where the last was. */
  private keys: Int32Array = new Int32Array(0);
  private values: unknown[] = [];
  private at = 0;

  constructor(
    private readonly tree: FileTree,
    private readonly file: string,
    private readonly starts: Float64Array,
    private readonly lengths: Float64Array,
    private readonly imageIds: Float64Array,
    /** Annotations of image i: order[start[i] .. start[i + 1]). */
    private readonly start: Int32Array,
    private readonly order: Int32Array,
  ) {}

  get count(): number {
    return this.starts.length;
  }

  get(j: number): unknown {
    // annotations are mostly asked for in file order: the next slot, else a binary search
    const keys = this.keys;
    let q = this.at + 1;
    if (keys[q] !== j) {
      let lo = 0;
      let hi = keys.length - 1;
      q = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const k = keys[mid];
        if (k === j) {
          q = mid;
          break;
        }
        if (k < j) lo = mid + 1;
        else hi = mid - 1;
      }
      if (q < 0) return undefined;
    }
    this.at = q;
    return this.values[q];
  }

  load(i: number): Promise<void> | undefined {
    if (i >= this.from && i < this.to) return undefined;
    return this.loadFrom(i);
  }

  private async loadFrom(i: number): Promise<void> {
    const { start, order, starts, lengths } = this;
    const images = start.length - 1;
    let to = i;
    let bytes = 0;
    do {
      for (let q = start[to]; q < start[to + 1]; q++) bytes += lengths[order[q]];
      to++;
    } while (to < images && bytes < BATCH_BYTES);
    // file order (annotations are indexed in file order, so by index is by offset)
    const wanted = order.slice(start[i], start[to]).sort();
    this.keys = new Int32Array(0);
    this.values = [];
    this.from = i;
    this.to = i; // not loaded until done (an error leaves nothing half loaded)
    const values = new Array<unknown>(wanted.length);
    for (let k = 0; k < wanted.length; ) {
      // one read for the ranges that lie close together
      const first = wanted[k];
      const spanStart = starts[first];
      let spanEnd = spanStart + lengths[first];
      let m = k + 1;
      while (m < wanted.length && starts[wanted[m]] - spanEnd < GAP && spanEnd - spanStart < BATCH_BYTES) {
        spanEnd = starts[wanted[m]] + lengths[wanted[m]];
        m++;
      }
      const span = await this.tree.readRange(this.file, spanStart, spanEnd);
      // neighbours in the array (j, j+1, ...) are parsed together: their bytes are "a, b, c"
      while (k < m) {
        let e = k + 1;
        let runBytes = lengths[wanted[k]];
        while (e < m && wanted[e] === wanted[e - 1] + 1 && runBytes < RUN_BYTES)
          runBytes += lengths[wanted[e++]];
        this.parseRun(wanted, k, e, span, spanStart, values);
        k = e;
      }
    }
    this.keys = wanted;
    this.values = values;
    this.at = -1;
    this.to = to;
  }

  /** Parses the neighbouring annotations wanted[k..e) in one JSON.parse; one at a time if that fails. */
  private parseRun(
    wanted: Int32Array,
    k: number,
    e: number,
    span: Uint8Array,
    spanStart: number,
    values: unknown[],
  ): void {
    const { starts, lengths } = this;
    const first = wanted[k];
    const last = wanted[e - 1];
    if (e - k > 1) {
      const s = starts[first] - spanStart;
      let list: unknown[] | undefined;
      try {
        list = JSON.parse(`[${utf8Text(span.subarray(s, starts[last] + lengths[last] - spanStart))}]`);
      } catch {
        list = undefined; // found again below, one element at a time, to name it
      }
      if (list && list.length === e - k) {
        for (let q = k; q < e; q++) values[q] = this.check(wanted[q], list[q - k]);
        return;
      }
    }
    for (let q = k; q < e; q++) {
      const j = wanted[q];
      const s = starts[j] - spanStart;
      values[q] = this.parse(j, span.subarray(s, s + lengths[j]));
    }
  }

  private parse(j: number, bytes: Uint8Array): unknown {
    return this.check(j, parseJsonBytes(bytes, this.file, `annotations[${j}] (byte ${this.starts[j]})`));
  }

  /** The parsed annotation, after checking that it belongs to the image its bytes said. */
  private check(j: number, value: unknown): unknown {
    const place = `annotations[${j}]`;
    const said = this.imageIds[j];
    const imageId = (value as { image_id?: unknown }).image_id;
    if (!Number.isNaN(said) && imageId !== said) {
      // an `"image_id"` key inside a nested object came before the annotation's own
      throw new DatasetError(
        'unsupported',
        `the annotation's bytes name image ${said} before its own image_id ${String(imageId)}; a nested "image_id" key is not supported in a streamed file`,
        { file: this.file, place },
      );
    }
    return value;
  }
}
