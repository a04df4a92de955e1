import { DatasetError } from './errors.js';
import { subTree } from './files/backed-tree.js';
import { extname, globToRegExp } from './files/paths.js';
import { decodeText } from './files/text.js';
import type { FileTree } from './files/tree.js';
import { type AnyFormat, type DetectContext, type Detection, DetectRejection } from './format.js';

/** A format that recognised the tree, how sure it is, and the dataset root. */
export interface DetectMatch {
  id: string;
  confidence: number;
  /** Where in the tree the dataset starts ('' = the top). */
  root: string;
}

/** Detection over every format: the matches best first and each other format's reason. */
export interface DetectResult {
  /** Best first; several at the top with equal confidence mean the input is ambiguous. */
  matches: DetectMatch[];
  rejected: { id: string; reason: string }[];
}

/** A plain value over a list of formats: look up by id, detect, resolve. */
export interface Registry {
  list(): AnyFormat[];
  /** The format with this id or alias; an unknown id is a DatasetError listing the known ones. */
  get(id: string): AnyFormat;
  has(id: string): boolean;
  detect(tree: FileTree): Promise<DetectResult>;
  /**
   * The format to read `tree` with: the one named, or the single best detected one. Ambiguity and
   * no match are DatasetErrors that say what was found.
   */
  resolve(
    tree: FileTree,
    id?: string,
  ): Promise<{ format: AnyFormat; tree: FileTree; detection?: DetectMatch }>;
}

/** A registry is a plain value over the formats given: no global state, nothing filled on import. */
export function createRegistry(formats: readonly AnyFormat[]): Registry {
  const byId = new Map<string, AnyFormat>();
  for (const f of formats) {
    for (const id of [f.id, ...(f.aliases ?? [])]) {
      if (byId.has(id) && byId.get(id) !== f) throw new TypeError(`two formats are called '${id}'`);
      byId.set(id, f);
    }
  }
  const list = () => [...new Set(byId.values())];
  const get = (id: string) => {
    const f = byId.get(id);
    if (!f) {
      throw new DatasetError(
        'unknown-format',
        `unknown format '${id}'; known formats: ${list()
          .map((x) => x.id)
          .join(', ')}`,
      );
    }
    return f;
  };
  const detect = async (tree: FileTree): Promise<DetectResult> => {
    const files = await tree.list();
    const exts = new Set(files.map((f) => extname(f.path)));
    const paths = files.map((f) => f.path);
    const pathSet = new Set(paths);
    const globCache = new Map<string, string[]>();
    const matches: DetectMatch[] = [];
    const rejected: { id: string; reason: string }[] = [];
    for (const format of list()) {
      if (!format.detect || !format.read) {
        rejected.push({ id: format.id, reason: 'this format cannot be read' });
        continue;
      }
      if (format.extensions.length > 0 && !format.extensions.some((e) => exts.has(e.toLowerCase()))) {
        rejected.push({ id: format.id, reason: `no file with extension ${format.extensions.join(', ')}` });
        continue;
      }
      const ctx: DetectContext = {
        tree,
        files,
        glob(pattern) {
          let hit = globCache.get(pattern);
          if (!hit) {
            const re = globToRegExp(pattern);
            hit = paths.filter((p) => re.test(p));
            globCache.set(pattern, hit);
          }
          return hit;
        },
        has: (p) => pathSet.has(p),
        async readHead(path, bytes = 4096) {
          return decodeText(await tree.readRange(path, 0, bytes));
        },
        reject(reason): never {
          throw new DetectRejection(reason);
        },
      };
      try {
        const d: Detection = await format.detect(ctx);
        if (!(d.confidence > 0)) rejected.push({ id: format.id, reason: 'not recognised' });
        else matches.push({ id: format.id, confidence: Math.min(1, d.confidence), root: d.root ?? '' });
      } catch (e) {
        const reason =
          e instanceof DetectRejection
            ? e.reason
            : `detection failed: ${e instanceof Error ? e.message : String(e)}`;
        rejected.push({ id: format.id, reason });
      }
    }
    matches.sort((a, b) => b.confidence - a.confidence || a.id.localeCompare(b.id));
    return { matches, rejected };
  };
  return {
    list,
    get,
    has: (id) => byId.has(id),
    detect,
    async resolve(tree, id) {
      if (id) return { format: get(id), tree };
      const { matches } = await detect(tree);
      if (matches.length === 0) {
        throw new DatasetError(
          'unknown-format',
          'no known dataset format was recognised (try `labelport detect --explain`)',
          {
            file: tree.name,
          },
        );
      }
      const top = matches.filter((m) => m.confidence === matches[0]!.confidence);
      if (top.length > 1) {
        throw new DatasetError(
          'unknown-format',
          `the input matches several formats equally (${top.map((m) => m.id).join(', ')}); choose one with -i`,
          { file: tree.name },
        );
      }
      const best = top[0]!;
      return { format: get(best.id), tree: best.root ? subTree(tree, best.root) : tree, detection: best };
    },
  };
}
