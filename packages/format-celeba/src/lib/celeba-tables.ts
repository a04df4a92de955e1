/**
 * CelebA's annotation files read into one entry per image: identities, attributes, box, landmarks and
 * subset, by the image's id (its file name without the extension, as Datumaro names items). A bad line
 * is a DatasetError naming the file and the line, skipped under the annotation policy; a count or a
 * header that does not match its file fails the read.
 */
import { type Attributes, DatasetError, type FileTree, type ReadContext } from '@labelport/core';
import { joinPath, stripExtension } from '@labelport/core/files';
import {
  ATTRS_FILE,
  BBOX_FILE,
  BBOX_HEADER,
  type CelebaVariant,
  IDENTITY_FILE,
  PARTITION_FILE,
  PARTITION_SUBSETS,
} from './celeba-files.js';
import { type CelebaRow, countedTable, expectValues, numberOf, readLines, rowsOf } from './celeba-lines.js';

/** What the files say of one image. */
export interface CelebaEntry {
  id: string;
  /** The file name the rows give (`000001.jpg`). */
  name: string;
  subset?: string;
  labels: number[];
  bbox?: [number, number, number, number];
  points?: number[];
  attributes: Attributes;
}

/** Identities become label indices: more than this many labels is refused (the real files have 10,178). */
export const MAX_LABELS = 2 ** 20;

export class CelebaTables {
  readonly entries = new Map<string, CelebaEntry>();
  constructor(
    private readonly tree: FileTree,
    private readonly root: string,
    private readonly paths: Set<string>,
    private readonly ctx: ReadContext,
  ) {}

  private entryOf(row: CelebaRow): CelebaEntry {
    const id = stripExtension(row.name);
    let e = this.entries.get(id);
    if (!e) {
      e = { id, name: row.name, labels: [], attributes: {} };
      this.entries.set(id, e);
    }
    return e;
  }

  /** The lines of one of the dataset's files, or undefined when it is not there. */
  private async lines(file: string): Promise<{ path: string; lines: string[] } | undefined> {
    const path = joinPath(this.root, file);
    if (!this.paths.has(path)) return undefined;
    return { path, lines: await readLines(this.tree, path, this.ctx.limits) };
  }

  /** Runs `fn` for each row under the annotation policy. */
  private each(rows: CelebaRow[], path: string, fn: (row: CelebaRow) => void): void {
    for (const row of rows) this.ctx.attempt(() => fn(row), path);
  }

  async readAll(variant: CelebaVariant): Promise<void> {
    await this.readIdentities();
    await this.readAttributes();
    if (variant.bboxes) await this.readBoxes();
    await this.readLandmarks(variant.landmarksFile);
    await this.readPartition();
  }

  private async readIdentities(): Promise<void> {
    const f = await this.lines(IDENTITY_FILE);
    if (!f) return;
    this.each(rowsOf(f.lines, f.path), f.path, (row) => {
      const labels = row.values.map((v) => {
        if (!/^\d+$/.test(v)) {
          throw new DatasetError('bad-value', `identity '${v}' is not a whole number >= 0`, {
            file: f.path,
            place: `line ${row.line}`,
          });
        }
        if (Number(v) >= MAX_LABELS) {
          throw new DatasetError('too-large', `identity ${v}: more than ${MAX_LABELS} labels`, {
            file: f.path,
            place: `line ${row.line}`,
          });
        }
        return Number(v);
      });
      this.entryOf(row).labels.push(...labels);
    });
  }

  private async readAttributes(): Promise<void> {
    const f = await this.lines(ATTRS_FILE);
    if (!f) return;
    const { header, rows } = countedTable(f.lines, f.path);
    this.each(rows, f.path, (row) => {
      expectValues(row, header.length, `one per attribute of line 2`, f.path);
      const attributes: Attributes = {};
      row.values.forEach((v, k) => {
        if (v !== '1' && v !== '-1' && v !== '0') {
          throw new DatasetError('bad-value', `attribute ${header[k]} is '${v}', expected 1 or -1`, {
            file: f.path,
            place: `line ${row.line}`,
          });
        }
        attributes[header[k]!] = v === '1';
      });
      Object.assign(this.entryOf(row).attributes, attributes);
    });
  }

  private async readBoxes(): Promise<void> {
    const f = await this.lines(BBOX_FILE);
    if (!f) return;
    const { header, rows } = countedTable(f.lines, f.path);
    if (header.join(' ') !== BBOX_HEADER.join(' ')) {
      throw new DatasetError(
        'bad-line',
        `the header is '${header.join(' ')}', expected '${BBOX_HEADER.join(' ')}'`,
        {
          file: f.path,
          place: 'line 2',
        },
      );
    }
    this.each(rows, f.path, (row) => {
      expectValues(row, 4, 'x_1 y_1 width height', f.path);
      const [x, y, w, h] = row.values.map((v) => numberOf(v, row, f.path)) as [
        number,
        number,
        number,
        number,
      ];
      this.entryOf(row).bbox = [x, y, w, h];
    });
  }

  private async readLandmarks(file: string): Promise<void> {
    const f = await this.lines(file);
    if (!f) return;
    const { header, rows } = countedTable(f.lines, f.path);
    if (header.length === 0 || header.length % 2 !== 0) {
      throw new DatasetError(
        'bad-line',
        `${header.length} coordinate names: expected x and y of each point`,
        {
          file: f.path,
          place: 'line 2',
        },
      );
    }
    this.each(rows, f.path, (row) => {
      expectValues(row, header.length, 'one per coordinate of line 2', f.path);
      this.entryOf(row).points = row.values.map((v) => numberOf(v, row, f.path));
    });
  }

  private async readPartition(): Promise<void> {
    const f = await this.lines(PARTITION_FILE);
    if (!f) return;
    this.each(rowsOf(f.lines, f.path), f.path, (row) => {
      expectValues(row, 1, 'the partition: 0, 1 or 2', f.path);
      const subset = PARTITION_SUBSETS[Number(row.values[0])];
      if (!/^[012]$/.test(row.values[0]!) || !subset) {
        throw new DatasetError(
          'bad-value',
          `partition '${row.values[0]}', expected 0 (train), 1 (val) or 2 (test)`,
          {
            file: f.path,
            place: `line ${row.line}`,
          },
        );
      }
      this.entryOf(row).subset = subset;
    });
  }
}
