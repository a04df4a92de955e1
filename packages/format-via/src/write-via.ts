/**
 * Writes what VIA 2.x loads: a project (`layout` project, Project > Load: `_via_settings`,
 * `_via_img_metadata`, `_via_attributes`, `_via_data_format_version`, `_via_image_id_list`), the
 * annotations alone (`annotations`, Annotation > Import as JSON) or VIA's CSV export (`csv`, Annotation >
 * Import as CSV), byte for byte as VIA's own save and export write them (one line of JSON; the CSV's
 * JSON cells quoted, rows after the header each begun with a line break). One file per subset: the
 * default subset at the top, the others in `<subset>/`; `--save-media` saves the images beside it.
 */
import {
  type DatasetItem,
  type DatasetSource,
  DEFAULT_SUBSET,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { csvField, joinPath } from '@labelport/core/files';
import type { JsonObject } from '@labelport/core/json';
import { mediaExtension, saveMedia } from '@labelport/core/media';
import { isVerbatimName } from './lib/image-refs.js';
import { viaAttributes } from './lib/via-attributes.js';
import {
  attributeDefinitions,
  DATA_FORMAT_VERSION,
  definitionsOf,
  LabelOptions,
  labelAttributeOf,
  viaSettings,
} from './lib/via-project.js';
import { type RegionEnv, regionsOf } from './lib/via-regions.js';
import { CSV_HEADER } from './lib/via-sniff.js';
import type { ViaWriteOptions } from './options.js';

const DEFAULT_FILE = {
  project: 'via_project.json',
  annotations: 'via_export_json.json',
  csv: 'via_export_csv.csv',
} as const;

/** The item attribute that holds VIA's file size (not a file attribute). */
const FILE_SIZE = 'file_size';
const SKIP_FILE: ReadonlySet<string> = new Set([FILE_SIZE]);

interface Entry {
  filename: string;
  size: number;
  regions: JsonObject[];
  file_attributes: JsonObject;
}

/** One subset's file: its entries by VIA's image id (`<filename><size>`). */
type Metadata = Map<string, Entry>;

/** The image's name in VIA: a URL or absolute path as it is, else the item's id and extension. */
function fileNameOf(item: DatasetItem): string {
  const path = item.media?.path;
  return path !== undefined && isVerbatimName(path) ? path : `${item.id}${mediaExtension(item)}`;
}

function sizeOf(item: DatasetItem): number {
  const size = item.attributes[FILE_SIZE];
  return typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : -1;
}

/** A key not used yet in the file (VIA's `<filename><size>`, made unique if two images share it). */
function keyFor(metadata: Metadata, entry: Entry): string {
  const key = `${entry.filename}${entry.size}`;
  let out = key;
  for (let n = 2; metadata.has(out); n++) out = `${key}_${n}`;
  return out;
}

/** VIA's CSV export of one file's entries (`pack_via_metadata('csv')`). */
function csvText(metadata: Metadata): string {
  const cell = (o: JsonObject) => `"${JSON.stringify(o).replace(/"/g, '""')}"`;
  const lines = [CSV_HEADER.join(',')];
  for (const e of metadata.values()) {
    const prefix = `${csvField(e.filename)},${e.size},${cell(e.file_attributes)}`;
    if (e.regions.length === 0) lines.push(`${prefix},0,0,"{}","{}"`);
    e.regions.forEach((r, i) => {
      const shape = cell(r.shape_attributes as JsonObject);
      lines.push(`${prefix},${e.regions.length},${i},${shape},${cell(r.region_attributes as JsonObject)}`);
    });
  }
  return lines.join('\n');
}

interface FileEnv {
  layout: 'project' | 'annotations' | 'csv';
  labelAttribute: string;
  labelOptions: LabelOptions;
  source: DatasetSource;
  usedRegion: Set<string>;
  usedFile: Set<string>;
}

function fileText(metadata: Metadata, env: FileEnv): string {
  if (env.layout === 'csv') return csvText(metadata);
  const img = Object.fromEntries(metadata);
  if (env.layout === 'annotations') return JSON.stringify(img);
  const project = {
    _via_settings: viaSettings(env.labelAttribute, 'via_project'),
    _via_img_metadata: img,
    _via_attributes: attributeDefinitions(
      definitionsOf(env.source.infos),
      { region: env.usedRegion, file: env.usedFile },
      { name: env.labelAttribute, definition: env.labelOptions.definition },
    ),
    _via_data_format_version: DATA_FORMAT_VERSION,
    _via_image_id_list: [...metadata.keys()],
  };
  return JSON.stringify(project);
}

export async function writeVia(
  source: DatasetSource,
  out: FileSink,
  options: ViaWriteOptions & WriteOptions = {},
): Promise<WriteReport> {
  const report = new ReportBuilder();
  const labels = source.categories.labels;
  const labelAttribute = options.labelAttribute || labelAttributeOf(source.infos) || 'label';
  const known = definitionsOf(source.infos);
  const env: FileEnv = {
    layout: options.layout ?? 'project',
    labelAttribute,
    labelOptions: new LabelOptions(
      labels.map((l) => l.name),
      known.region[labelAttribute],
    ),
    source,
    usedRegion: new Set(),
    usedFile: new Set(),
  };
  const regionEnv: RegionEnv = { ...env, labels, report, used: env.usedRegion };
  const bySubset = new Map<string, Metadata>();
  for await (const item of readContext(options).iter(source.items(), source.size)) {
    report.items++;
    const folder = item.subset === DEFAULT_SUBSET ? '' : item.subset;
    const filename = fileNameOf(item);
    if (options.saveMedia && !isVerbatimName(filename))
      await saveMedia(item, out, joinPath(folder, filename), report);
    const fileAttributes = viaAttributes(item.attributes, SKIP_FILE);
    for (const k of Object.keys(fileAttributes)) env.usedFile.add(k);
    const entry: Entry = {
      filename,
      size: sizeOf(item),
      regions: regionsOf(item.annotations, regionEnv),
      file_attributes: fileAttributes,
    };
    const metadata = bySubset.get(folder) ?? new Map();
    bySubset.set(folder, metadata);
    metadata.set(keyFor(metadata, entry), entry);
  }
  if (bySubset.size === 0) bySubset.set('', new Map());
  const name = options.file || DEFAULT_FILE[env.layout];
  for (const [folder, metadata] of bySubset) await out.write(joinPath(folder, name), fileText(metadata, env));
  return report.build();
}
