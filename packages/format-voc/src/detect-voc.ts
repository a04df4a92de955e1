/**
 * Detection of VOC trees (cheap: the listing and a few XML heads).
 * The family format `voc` scores 1.0 when several tasks are present and 0.9 for one; a task format
 * scores 1.0 when its task is the only one present, 0.8 when others are too (so `voc` wins).
 * `voc_detection` also takes CVAT's loose layout (VOC `.xml` files, no ImageSets) at 0.6;
 * `voc_segmentation` (0.9) and `voc` (0.7) take labelme2voc's mask folders without ImageSets.
 * `voc_instance_segmentation` (Segmentation lists with SegmentationObject/ PNGs) scores 0.5: `voc` and
 * `voc_segmentation` read the same files.
 */
import type { DetectContext, Detection } from '@labelport/core';
import type { VocTask } from './lib/labelmap.js';
import { findVocRoots, tasksPresent, vocContents } from './lib/voc-layout.js';
import { maskLayoutRoot } from './lib/voc-mask-layout.js';

export async function looksLikeVocXml(ctx: DetectContext, path: string): Promise<boolean> {
  const head = await ctx.readHead(path, 4096);
  return (
    /<annotation[\s>]/.test(head) &&
    /<(bndbox|segmented|size)>/.test(head) &&
    !/<(polygon|imagesize)[\s>]/.test(head)
  );
}

export async function detectVoc(ctx: DetectContext, task: VocTask): Promise<Detection> {
  const roots = findVocRoots(ctx.files);
  if (roots.length === 0) {
    const maskRoot = maskLayoutRoot(ctx.files);
    if (maskRoot !== undefined && (task === 'voc_segmentation' || task === 'voc'))
      return { confidence: task === 'voc' ? 0.7 : 0.9, root: maskRoot };
    if (task !== 'voc_detection')
      ctx.reject(
        'no ImageSets/{Main,Segmentation,Layout,Action}/<subset>.txt and no SegmentationClass/ or SegmentationObject/ PNGs',
      );
    const xmls = ctx.files.filter((f) => f.path.endsWith('.xml')).map((f) => f.path);
    if (xmls.length === 0) ctx.reject('no ImageSets/<task>/<subset>.txt and no .xml files');
    const sample = xmls.slice(0, 3);
    for (const x of sample)
      if (!(await looksLikeVocXml(ctx, x)))
        ctx.reject(`${x} is not a VOC annotation (<annotation> with <bndbox>, <size> or <segmented>)`);
    return { confidence: 0.6 };
  }
  const root = roots[0];
  const prefix = root ? `${root}/` : '';
  const c = vocContents(
    ctx.files.filter((f) => f.path.startsWith(prefix)).map((f) => f.path.slice(prefix.length)),
  );
  const tasks = tasksPresent(c);
  if (task === 'voc') return { confidence: tasks.size >= 2 ? 1 : 0.9, root };
  // Boxes and masks of the Segmentation lists: what voc and voc_segmentation also read, so never above them
  if (task === 'voc_instance_segmentation') {
    if (!tasks.has('voc_segmentation') || !c.instanceMasks)
      ctx.reject(
        `no ImageSets/Segmentation/<subset>.txt with SegmentationObject/ PNGs in ${root || 'the top folder'}`,
      );
    return { confidence: 0.5, root };
  }
  if (!tasks.has(task))
    ctx.reject(`no ${task} data in ${root || 'the top folder'} (found: ${[...tasks].join(', ') || 'none'})`);
  return { confidence: tasks.size === 1 ? 1 : 0.8, root };
}
