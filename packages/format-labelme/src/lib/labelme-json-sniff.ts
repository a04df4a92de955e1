/**
 * Whether a JSON file is a labelme annotation file, told by scanning its root keys (core's
 * `JsonScanner`), not by a window of its first bytes: labelme writes `shapes` before `imagePath` and
 * indents every point on lines of its own, so a file whose first shape has a few dozen points has
 * neither key in its first 4 KiB. A labelme file is a root object with a `shapes` list and either an
 * `imagePath` key or shapes with a `shape_type`. The scan reads the file a piece at a time and stops
 * as soon as it knows: at the first labelme shape once `imagePath` or a `shape_type` is seen (when
 * asked to stop early), at a root that is not an object, and at a root list of many records or at
 * many root keys before any `shapes` (COCO's `images`, VIA's one key per image: no labelme file has
 * them), so that a large JSON of another format costs one piece, not a full read.
 */
import { type FileTree, isDatasetError } from '@labelport/core';
import { isObject, type JsonEvent, JsonScanner, readRangeChunks } from '@labelport/core/json';

/** Bytes read at a time: the most a file of another format costs when it is told apart. */
const PIECE = 1 << 20;
/** Records in a root list other than `shapes`, before any `shapes`, that make it another format. */
const MAX_OTHER_RECORDS = 1000;
/** Root keys before any `shapes` that make it another format (labelme writes seven, then its extras). */
const MAX_KEYS_BEFORE_SHAPES = 256;

/** 'labelme': it is one; 'broken': it looks like one but is not valid JSON (reading it says why); 'other'. */
export type LabelMeSniff = 'labelme' | 'broken' | 'other';

export interface SniffOptions {
  /** Called with each shape's label, in order (the whole file is scanned then). */
  onLabel?: (label: unknown) => void;
  maxDepth?: number;
}

class Evidence {
  object = true;
  shapesList = false;
  imagePath = false;
  shapeType = false;
  keys = 0;
  other = false;

  /** The root key `key` begins; what the scanner does with its value. */
  plan(key: string | undefined, isArray: boolean): 'elements' | 'offsets' | 'skip' {
    if (key === undefined) {
      this.object = false;
      return 'skip';
    }
    if (key === 'shapes' && isArray) {
      this.shapesList = true;
      return 'elements';
    }
    if (!this.shapesList && ++this.keys > MAX_KEYS_BEFORE_SHAPES) this.other = true;
    return isArray ? 'offsets' : 'skip';
  }

  take(events: JsonEvent[], onLabel?: (label: unknown) => void) {
    for (const ev of events) {
      if (ev.key === 'shapes' && ev.type === 'element') {
        if (isObject(ev.value)) {
          if (typeof ev.value.shape_type === 'string') this.shapeType = true;
          onLabel?.(ev.value.label);
        }
      } else if (ev.key === 'imagePath' && ev.type === 'value') this.imagePath = true;
      else if (ev.type === 'element' && !this.shapesList && ev.index >= MAX_OTHER_RECORDS) this.other = true;
    }
    events.length = 0;
  }

  get sure(): boolean {
    return this.object && this.shapesList && (this.imagePath || this.shapeType);
  }

  get decided(): boolean {
    return !this.object || this.other;
  }
}

/** Scans `path` (of `size` bytes) for a labelme document; see the module comment for when it stops. */
export async function sniffLabelMeJson(
  tree: FileTree,
  path: string,
  size: number,
  options: SniffOptions & { stopWhenSure?: boolean } = {},
): Promise<LabelMeSniff> {
  const evidence = new Evidence();
  const scanner = new JsonScanner(path, {
    plan: (key, isArray) => evidence.plan(key, isArray),
    maxDepth: options.maxDepth,
  });
  const events: JsonEvent[] = [];
  try {
    for await (const piece of readRangeChunks(tree, path, 0, size, PIECE)) {
      scanner.push(piece, events);
      evidence.take(events, options.onLabel);
      if (evidence.decided) return 'other';
      if (options.stopWhenSure && evidence.sure) return 'labelme';
    }
    scanner.end(events);
    evidence.take(events, options.onLabel);
  } catch (e) {
    if (!isDatasetError(e)) throw e;
    evidence.take(events);
    // a labelme file cut short, or with a syntax error: reading it names the line
    return evidence.object && (evidence.shapesList || evidence.imagePath) ? 'broken' : 'other';
  }
  return evidence.sure ? 'labelme' : 'other';
}
