import { type Annotation, type Attributes, DatasetError } from '@labelport/core';
import type { JsonLine } from './json-lines.js';
import { type RowContext, scaleOf } from './rows.js';

/**
 * A localized narrative: its caption as a `caption` annotation and each mouse-trace segment as a
 * `polyline` (points in pixels; times are not kept), all in one group, with annotator_id and
 * voice_recording as attributes. Without the image size, the traces stay fractions (`normalized`).
 */
export function readNarrative(
  json: Record<string, unknown>,
  l: JsonLine,
  ctx: RowContext,
  out: Annotation[],
): void {
  const place = `line ${l.line}`;
  if (typeof json.caption !== 'string')
    throw new DatasetError('bad-field', 'a localized narrative needs a "caption" string', {
      file: ctx.file,
      place,
    });
  const attributes: Attributes = {};
  if (typeof json.annotator_id === 'number' || typeof json.annotator_id === 'string')
    attributes.annotator_id = json.annotator_id;
  if (typeof json.voice_recording === 'string') attributes.voice_recording = json.voice_recording;
  const group = ctx.nextGroup();
  out.push({ type: 'caption', caption: json.caption, group, attributes });
  const traces = json.traces;
  if (!Array.isArray(traces) || traces.length === 0) return;
  const { W, H, normalized } = scaleOf(ctx);
  traces.forEach((segment, k) => {
    if (!Array.isArray(segment))
      throw new DatasetError('bad-field', `traces[${k}] must be a list of points`, {
        file: ctx.file,
        place,
      });
    const points: number[] = [];
    for (const p of segment) {
      const { x, y } = (p ?? {}) as { x?: unknown; y?: unknown };
      if (typeof x !== 'number' || typeof y !== 'number') {
        throw new DatasetError('bad-field', `traces[${k}] has a point without numbers x and y`, {
          file: ctx.file,
          place,
        });
      }
      points.push(x * W, y * H);
    }
    if (points.length >= 4)
      out.push({
        type: 'polyline',
        points,
        group,
        attributes: { ...attributes, trace: true },
        ...(normalized ? { normalized } : {}),
      });
  });
}
