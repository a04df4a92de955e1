import type { DetectContext } from '@labelport/core';
import { dirname } from '@labelport/core/files';

/** True when the text starts (after a declaration and comments) with an `<annotations>` element. */
export function looksLikeCvatXml(head: string): boolean {
  const s = head
    .replace(/^\uFEFF/, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trimStart();
  return /^<annotations[\s>]/.test(s);
}

export interface CvatDetection {
  root: string;
  /** The file has tracks (CVAT for video) rather than images. */
  video: boolean;
}

/**
 * Finds CVAT XML (an `<annotations>` root with `<version>`/`<meta>`) at most two folders down, from
 * the heads of the files only. Video or images is told by the first of `<track`/`<image` in the head,
 * else by the task's mode.
 */
export async function detectCvat(ctx: DetectContext): Promise<CvatDetection> {
  const xml = ctx
    .glob('**/*.xml')
    .filter((p) => p.split('/').length <= 3)
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  if (xml.length === 0) ctx.reject('no .xml file');
  for (const path of xml.slice(0, 20)) {
    const head = await ctx.readHead(path, 16384);
    if (!looksLikeCvatXml(head)) continue;
    if (!/<(version|meta)[\s>]/.test(head)) continue;
    const track = head.search(/<track[\s>]/);
    const image = head.search(/<image[\s>]/);
    const video =
      track >= 0 && (image < 0 || track < image)
        ? true
        : image >= 0
          ? false
          : /<mode>\s*interpolation\s*<\/mode>/.test(head);
    return { root: dirname(path), video };
  }
  return ctx.reject('no XML file with an <annotations> root and a <version> or <meta>');
}
