import {
  DatasetError,
  type DatasetSource,
  type FileSink,
  ReportBuilder,
  readContext,
  type WriteOptions,
  type WriteReport,
} from '@labelport/core';
import { JsonTextWriter } from '@labelport/core/json';
import { saveMedia } from '@labelport/core/media';
import { categoriesToJson } from './lib/categories.js';
import { itemJson, MEDIA_TYPE, mediaFileName } from './lib/item-json.js';
import { ANN_DIR } from './read-datumaro.js';

/** Writes one `annotations/<subset>.json` per subset, streaming items as they come. */
export async function writeDatumaro(
  source: DatasetSource,
  out: FileSink,
  options: WriteOptions = {},
): Promise<WriteReport> {
  const ctx = readContext(options);
  const report = new ReportBuilder();
  const writers = new Map<string, { w: JsonTextWriter; n: number }>();
  const categories = JSON.stringify(categoriesToJson(source.categories));
  const infos = JSON.stringify(source.infos ?? {});
  let mediaType: number = MEDIA_TYPE.image;
  for await (const item of ctx.iter(source.items(), source.size)) {
    if (item.subset.includes('/')) {
      throw new DatasetError('bad-value', `subset name '${item.subset}' has a '/'`, {
        place: `item ${item.id}`,
      });
    }
    let s = writers.get(item.subset);
    if (!s) {
      if (item.media?.kind === 'point-cloud') mediaType = MEDIA_TYPE.pointCloud;
      const w = new JsonTextWriter(await out.open(`${ANN_DIR}/${item.subset}.json`));
      await w.write(
        `{"dm_format_version":"1.0","media_type":${mediaType},"infos":${infos},"categories":${categories},"items":[`,
      );
      s = { w, n: 0 };
      writers.set(item.subset, s);
    }
    const json = JSON.stringify(await itemJson(item, ctx.limits));
    await s.w.write(s.n++ ? `,${json}` : json);
    if (options.saveMedia) {
      const pointCloud = item.media?.kind === 'point-cloud';
      const name = mediaFileName(item, pointCloud ? '.pcd' : '.jpg');
      await saveMedia(item, out, `${pointCloud ? 'point_clouds' : 'images'}/${item.subset}/${name}`, report);
    }
    report.items++;
  }
  for (const s of writers.values()) {
    await s.w.write(']}');
    await s.w.close();
  }
  return report.build();
}
