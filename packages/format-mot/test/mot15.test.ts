import { Dataset, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { motSeq } from '../src/index.js';

const jpegLike = () => encodePng({ width: 64, height: 48, colorType: 'gray', data: new Uint8Array(64 * 48) });

/**
 * A 2DMOT2015 train sequence: seqinfo.ini with name and seqLength only, gt.txt of 10 columns whose last
 * three are world coordinates (-1: unknown), track ids from 1; frame 3 has an image and no box.
 */
const mot15 = () =>
  memoryTree({
    'ADL-Rundle-6/seqinfo.ini': '[Sequence]\r\nname=ADL-Rundle-6\r\nseqLength=4\r\n',
    'ADL-Rundle-6/gt/gt.txt': [
      '1,1,1691.97,381.048,152.23,352.713,1,-1,-1,-1',
      '1,2,1794.12,359.293,124.44,290.64,1,-1,-1,-1',
      '2,1,1690.5,381.2,152.23,352.713,1,-1,-1,-1',
      '4,2,1780,360,124.44,290.64,0,-1,-1,-1',
      '',
    ].join('\r\n'),
    'ADL-Rundle-6/img1/000001.jpg': jpegLike(),
    'ADL-Rundle-6/img1/000002.jpg': jpegLike(),
    'ADL-Rundle-6/img1/000003.jpg': jpegLike(),
  });

describe('mot_seq as MOT15 ships it', () => {
  it('reads a seqinfo.ini of name and seqLength, and world coordinates as no class, visible', async () => {
    const ds = await readAll(motSeq, mot15());
    // the sequence folder names the subset
    expect(ds.subsets()).toEqual(['ADL-Rundle-6']);
    expect([...ds].map((i) => i.id)).toEqual(['1', '2', '3', '4']);
    const first = ds.get('ADL-Rundle-6', '1')!;
    expect(first.media).toMatchObject({
      path: 'ADL-Rundle-6/img1/000001.jpg',
      width: 64,
      height: 48,
      frame: 1,
    });
    expect(first.annotations).toHaveLength(2);
    expect(first.annotations[0]).toMatchObject({
      type: 'bbox',
      x: 1691.97,
      objectId: 1,
      attributes: { visibility: 1, occluded: false, ignored: false },
    });
    expect(first.annotations[0]!.label).toBeUndefined();
    expect(ds.get('ADL-Rundle-6', '3')!.annotations).toEqual([]);
    expect(ds.get('ADL-Rundle-6', '4')!.media?.path).toBeUndefined();
    expect(ds.get('ADL-Rundle-6', '4')!.annotations[0]!.attributes.ignored).toBe(true);
  });

  it('keeps track 0 as track 0', async () => {
    const tree = memoryTree({ 'gt/gt.txt': '1,0,1,1,2,2,1,1,1\n1,1,3,3,2,2,1,1,1\n' });
    const { dataset } = await writeAndReadBack(motSeq, await readAll(motSeq, tree));
    expect(dataset.get('default', '1')!.annotations.map((a) => a.objectId)).toEqual([0, 1]);
  });
});

describe('mot_seq loss report', () => {
  it('does not count attributes left at their defaults (is_crowd false) as lost', async () => {
    const ds = new Dataset({ labels: [{ name: 'person' }] }, [
      {
        id: '1',
        subset: 'default',
        attributes: {},
        annotations: [
          { type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 0, objectId: 1, attributes: { is_crowd: false } },
          { type: 'bbox', x: 1, y: 1, w: 2, h: 2, label: 0, objectId: 2, attributes: { is_crowd: true } },
        ],
      },
    ]);
    const { report } = await writeAndReadBack(motSeq, ds);
    expect(report.dropped).toEqual({ attribute: 1 });
    expect(report.warnings).toEqual(["MOT gt.txt has no column for attribute 'is_crowd'"]);
  });
});
