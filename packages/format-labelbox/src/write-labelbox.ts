/**
 * Writes Labelbox NDJSON, streamed a data row at a time. Write option `shape`:
 *   - `import` (default): what Labelbox imports. `annotations.ndjson`, one annotation per line as the
 *     SDK's NDJsonConverter writes it (`{ uuid, dataRow: { globalKey }, name, classifications, bbox }`,
 *     `{ uuid, dataRow, name, answer }`), for `MALPredictionImport` / `LabelImport`; and
 *     `data_rows.json`, the data rows to create first (`dataset.create_data_rows`:
 *     `[{ row_data, global_key, media_type: "IMAGE" }]`). The ontology is Labelbox's: create its tools
 *     and questions with the names written.
 *   - `export`: Labelbox's export v2 rows (`export.ndjson`), for tools that read exports.
 * Images: `row_data` is a URL media path as it is, else the image's relative path under `imageRoot`
 * (where Labelbox can fetch it); `--save-media` saves those at that path beside the NDJSON.
 */
import {
  type DatasetItem,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { isObject, type JsonObject } from '@labelport/core/json';
import { saveMedia } from '@labelport/core/media';
import { Kinds } from './lib/classifications.js';
import { defaultGlobalKey, isVerbatim } from './lib/data-rows.js';
import { DATA_ROW_ID, EXTERNAL_ID, GLOBAL_KEY } from './lib/items.js';
import { itemContent, type LabelContent, type WriteEnv } from './lib/write-item.js';
import type { LabelboxWriteOptions } from './options.js';

/** A UUID (v4 layout) that is the same for the same item and annotation: FNV-1a hashes of both. */
function uuidOf(itemId: string, n: number): string {
  const words: string[] = [];
  for (let seed = 0; seed < 4; seed++) {
    let h = (0x811c9dc5 ^ (seed * 0x9e3779b1)) >>> 0;
    const text = `${itemId}\u0000${n}`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    words.push(h.toString(16).padStart(8, '0'));
  }
  const hex = words.join('');
  const variant = ((Number.parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Where the image is for Labelbox, and where `--save-media` puts it (undefined: a URL, not saved). */
function imageOf(item: DatasetItem, root: string): { rowData: string; save?: string } {
  const path = item.media?.path;
  if (path !== undefined && isVerbatim(path)) return { rowData: path };
  const rel = path ?? defaultGlobalKey(item.id, undefined);
  if (root === '') return { rowData: rel, save: rel };
  return {
    rowData: root.endsWith('/') || root.endsWith('=') ? `${root}${rel}` : `${root}/${rel}`,
    save: rel,
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The export's project: the one the dataset was read from, else one named labelport. */
function projectOf(infos: Record<string, unknown> | undefined): { id: string; name: string } {
  const lb = isObject(infos?.labelbox) ? infos.labelbox : {};
  const p = isObject(lb.project) ? lb.project : {};
  return { id: str(p.id) ?? 'labelport', name: str(p.name) ?? 'labelport' };
}

interface RowKeys {
  globalKey: string;
  rowData: string;
}

function importLines(item: DatasetItem, keys: RowKeys, content: Map<string, LabelContent>): string {
  let n = 0;
  const lines: string[] = [];
  for (const c of content.values()) {
    for (const o of [...c.objects, ...c.classifications]) {
      lines.push(
        JSON.stringify({ uuid: uuidOf(item.id, n++), dataRow: { globalKey: keys.globalKey }, ...o }),
      );
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function exportRow(
  item: DatasetItem,
  keys: RowKeys,
  content: Map<string, LabelContent>,
  project: { id: string; name: string },
): string {
  const dataRow: JsonObject = {};
  if (typeof item.attributes[DATA_ROW_ID] === 'string') dataRow.id = item.attributes[DATA_ROW_ID];
  dataRow.global_key = keys.globalKey;
  if (typeof item.attributes[EXTERNAL_ID] === 'string') dataRow.external_id = item.attributes[EXTERNAL_ID];
  dataRow.row_data = keys.rowData;
  const media: JsonObject = {};
  if (item.media?.height !== undefined) media.height = item.media.height;
  if (item.media?.width !== undefined) media.width = item.media.width;
  const labels = [...content].map(([id, c]) => ({
    label_kind: 'Default',
    version: '1.0.0',
    ...(id === '' ? {} : { id }),
    annotations: { objects: c.objects, classifications: c.classifications, relationships: [] },
  }));
  const row = {
    data_row: dataRow,
    media_attributes: media,
    projects: { [project.id]: { name: project.name, labels } },
  };
  return `${JSON.stringify(row)}\n`;
}

export async function writeLabelbox(
  source: DatasetSource,
  out: FileSink,
  options: LabelboxWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const ctx = readContext(options);
  const shape = options.shape ?? 'import';
  const env: WriteEnv = {
    shape,
    labels: source.categories.labels,
    kinds: Kinds.of(source.infos),
    report,
    limits: ctx.limits,
    question: options.classification || 'class',
  };
  const project = projectOf(source.infos);
  const ndjson = await out.open(
    options.file || (shape === 'import' ? 'annotations.ndjson' : 'export.ndjson'),
  );
  const rows = shape === 'import' ? await out.open(options.dataRows || 'data_rows.json') : undefined;
  let first = true;
  await rows?.write('[');
  for await (const item of ctx.iter(source.items(), source.size)) {
    report.items++;
    const image = imageOf(item, options.imageRoot ?? '');
    const keys = {
      globalKey: str(item.attributes[GLOBAL_KEY]) ?? defaultGlobalKey(item.id, item.media?.path),
      rowData: image.rowData,
    };
    if (options.saveMedia && image.save !== undefined) await saveMedia(item, out, image.save, report);
    const content = await itemContent(item, env);
    if (shape === 'import' && DATA_ROW_ID in item.attributes) {
      report.drop(
        'item attribute',
        1,
        "an import names data rows by global key: Labelbox's data row ids are not written",
      );
    }
    if (shape === 'export') await ndjson.write(exportRow(item, keys, content, project));
    else await ndjson.write(importLines(item, keys, content));
    if (rows) {
      const spec: JsonObject = { row_data: keys.rowData, global_key: keys.globalKey, media_type: 'IMAGE' };
      if (typeof item.attributes[EXTERNAL_ID] === 'string') spec.external_id = item.attributes[EXTERNAL_ID];
      await rows.write(`${first ? '\n' : ',\n'}${JSON.stringify(spec)}`);
      first = false;
    }
  }
  await rows?.write(first ? ']\n' : '\n]\n');
  await ndjson.close();
  await rows?.close();
  return report.build();
}
