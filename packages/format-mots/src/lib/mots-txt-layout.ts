import { DEFAULT_SUBSET } from '@labelport/core';
import { basename, dirname, extname, joinPath, stripExtension } from '@labelport/core/files';

export interface TxtSequence {
  name: string;
  file: string;
  /** Where its frames are: `<dir>/%06d.<ext>`. */
  imageDir: string;
}

/**
 * MOTS txt files: KITTI MOTS `instances_txt/<seq>.txt` (frames in `image_02/<seq>/`) and
 * MOTSChallenge `<seq>/gt/gt.txt` (frames in `<seq>/img1/`).
 */
export function findTxtSequences(paths: string[]): TxtSequence[] {
  const out: TxtSequence[] = [];
  for (const p of paths) {
    if (extname(p) !== '.txt') continue;
    if (basename(dirname(p)) === 'instances_txt') {
      const name = stripExtension(basename(p));
      out.push({ name, file: p, imageDir: joinPath(dirname(dirname(p)), 'image_02', name) });
    } else if (p === 'gt/gt.txt' || p.endsWith('/gt/gt.txt')) {
      const seqDir = dirname(dirname(p));
      out.push({
        name: seqDir === '' ? DEFAULT_SUBSET : basename(seqDir),
        file: p,
        imageDir: joinPath(seqDir, 'img1'),
      });
    }
  }
  return out;
}
