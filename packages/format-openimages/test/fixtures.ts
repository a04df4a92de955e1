import { type FileTree, memoryTree } from '@labelport/core';
import { encodePng } from '@labelport/core/png';

/** A grey PNG of 0/255 from rows of '0'/'1'. */
export function maskPng(rows: string[]): Uint8Array {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = r[x] === '1' ? 255 : 0;
  });
  return encodePng({ width, height, colorType: 'gray', data });
}

/** A tree whose files stream in chunks of `size` bytes, to cross every boundary. */
export function chunkedTree(tree: FileTree, size: number): FileTree {
  return {
    ...tree,
    name: tree.name,
    list: () => tree.list(),
    stat: (p) => tree.stat(p),
    exists: (p) => tree.exists(p),
    read: (p) => tree.read(p),
    readRange: (p, s, e) => tree.readRange(p, s, e),
    sub: (p) => chunkedTree(tree.sub(p), size),
    async *stream(p) {
      const all = await tree.read(p);
      for (let i = 0; i < all.length; i += size) yield all.subarray(i, i + size);
    },
  };
}

/**
 * A V6/V7-style dataset with every file kind: written by hand, every row counted in the tests.
 * Sizes come from images.meta: 000a (train) 10x4 (w x h), 000b (train) 20x10, 000c (validation) 8x8.
 */
export function fullFixture(): Record<string, string | Uint8Array> {
  return {
    'annotations/oidv7-class-descriptions.csv': [
      'LabelName,DisplayName',
      '/m/01g317,Person',
      '/m/0k4j,Car',
      '/m/02wvth,"Fiat 500 ""topolino"""',
      '/m/03hgsf0,"Lemon, lime and bitters"',
      '/m/0bl9f,Entity',
    ].join('\n'),
    'annotations/bbox_labels_600_hierarchy.json': JSON.stringify({
      LabelName: '/m/0bl9f',
      Subcategory: [
        { LabelName: '/m/01g317', Part: [{ LabelName: '/m/03hgsf0' }] },
        { LabelName: '/m/0k4j', Subcategory: [{ LabelName: '/m/02wvth' }] },
      ],
    }),
    'annotations/image_ids_and_rotation.csv': [
      'ImageID,Subset,OriginalURL,OriginalLandingURL,License,AuthorProfileURL,Author,Title,OriginalSize,OriginalMD5,Thumbnail300KURL,Rotation',
      '000a,train,https://x/a.jpg,,,,"Doe, J.","A ""quoted""\ntitle",123,abc==,,90.0',
      '000b,train,,,,,,,,,,',
      '000c,validation,,,,,,,,,,0.0',
    ].join('\r\n'),
    'annotations/images.meta': '000a 4 10\n000b 10 20 # a comment\n000c 8 8\n',
    'annotations/oidv7-train-annotations-human-imagelabels.csv': [
      'ImageID,Source,LabelName,Confidence',
      '000a,verification,/m/01g317,1',
      '000a,verification,/m/0k4j,0',
      '000b,crowdsource-verification,/m/0k4j,1',
    ].join('\n'),
    'annotations/oidv7-train-annotations-machine-imagelabels.csv': [
      'ImageID,Source,LabelName,Confidence',
      '000b,machine,/m/02wvth,0.83',
    ].join('\n'),
    'annotations/oidv6-train-annotations-bbox.csv': [
      'ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside,XClick1X,XClick2X,XClick3X,XClick4X,XClick1Y,XClick2Y,XClick3Y,XClick4Y',
      '000a,xclick,/m/01g317,1,0.1,0.5,0.25,1.0,1,0,-1,0,0,0.1,0.5,0.3,0.2,0.5,0.6,0.25,1.0',
      '000b,activemil,/m/0k4j,1,0.0,0.5,0.0,0.5,0,1,0,1,-1,-1,-1,-1,-1,-1,-1,-1,-1',
      '000b,xclick,/m/0k4j,1,0.5,1.0,0.5,1.0,0,0,0,0,0,-1,-1,-1,-1,-1,-1,-1,-1',
    ].join('\n'),
    'annotations/train-annotations-object-segmentation.csv': [
      'MaskPath,ImageID,LabelName,BoxID,BoxXMin,BoxXMax,BoxYMin,BoxYMax,PredictedIoU,Clicks',
      '000b_m0k4j_0000beef.png,000b,/m/0k4j,0000beef,0.500000,1.000000,0.500000,1.000000,0.81,0.6 0.7 1;0.1 0.1 0',
      '000b_m0k4j_0000cafe.png,000b,/m/0k4j,0000cafe,0.1,0.2,0.1,0.2,,',
    ].join('\n'),
    // 4x2 masks for a 20x10 image: each mask pixel becomes 5x5.
    'masks/train/000b_m0k4j_0000beef.png': maskPng(['0000', '0011']),
    'masks/train/000b_m0k4j_0000cafe.png': maskPng(['1000', '0000']),
    'annotations/oidv7-validation-annotations-point-labels.csv': [
      'ImageId,X,Y,Label,EstimatedYesNo,Source,YesVotes,NoVotes,UnsureVotes,TextLabel',
      '000c,0.5,0.25,/m/0k4j,yes,ff,1,0,0,car',
      '000c,0.125,0.75,/m/01g317,no,ih,0,3,0,',
      '000c,0.5,0.5,/g/11bc5yhfnk,unsure,ih,2,1,0,',
    ].join('\n'),
    // The point classes' own description file: /m/0k4j is also a box class, /g/11bc5yhfnk only a point class.
    'annotations/oidv7-class-descriptions-points.csv': [
      'LabelName,DisplayName,YesPoints,Points,TextMentions',
      '/m/0k4j,Car,10,20,"car,cars"',
      '/g/11bc5yhfnk,Wall panel,3,5,panel',
    ].join('\n'),
    'annotations/open_images_validation_localized_narratives.jsonl': [
      JSON.stringify({
        dataset_id: 'open_images_validation',
        image_id: '000c',
        annotator_id: 93,
        caption: 'In this image I can see a car, "quoted".',
        timed_caption: [{ utterance: 'In this', start_time: 0.0, end_time: 0.4 }],
        traces: [
          [
            { x: 0.5, y: -0.125, t: 0.022 },
            { x: 0.75, y: 0.5, t: 0.056 },
          ],
          [
            { x: 0, y: 0, t: 1 },
            { x: 1, y: 1, t: 2 },
            { x: 1, y: 0, t: 3 },
          ],
        ],
        voice_recording: 'open_images_validation/open_images_validation_000c_93.ogg',
      }),
      '',
    ].join('\n'),
    'annotations/oidv6-validation-annotations-vrd.csv': [
      'ImageID,LabelName1,LabelName2,XMin1,XMax1,YMin1,YMax1,XMin2,XMax2,YMin2,YMax2,RelationshipLabel',
      '000c,/m/01g317,/m/0k4j,0,0.5,0,0.5,0.25,1,0.25,1,on',
      '000c,/m/0k4j,/m/02gy9n,0.25,1,0.25,1,0.25,1,0.25,1,is',
    ].join('\n'),
  };
}

export const fullTree = () => memoryTree(fullFixture(), 'open-images-full');
