import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openTree } from '@labelport/core/node';
import { fixturesDir } from '@labelport/core/testing';
import { registry } from 'labelport';
import { describe, expect, it } from 'vitest';

/**
 * Every sample of the corpus, detected by every registered format at once: the expected format must be
 * the single best match. The table follows the corpus README and Datumaro's own detection tests.
 */
const EXPECTED: [path: string, format: string][] = [
  ['coco_dataset/coco', 'coco'],
  ['coco_dataset/coco_instances', 'coco_instances'],
  ['coco_dataset/coco_person_keypoints', 'coco_person_keypoints'],
  ['coco_dataset/coco_captions', 'coco_captions'],
  ['coco_dataset/coco_labels', 'coco_labels'],
  ['coco_dataset/coco_image_info', 'coco_image_info'],
  ['coco_dataset/coco_panoptic', 'coco_panoptic'],
  ['coco_dataset/coco_stuff', 'coco_stuff'],
  ['coco_dataset/coco_roboflow', 'coco_instances'],
  ['coco_dataset/mmdet_coco', 'coco_instances'],
  ['voc_dataset/voc_dataset1', 'voc'],
  ['voc_dataset/voc_dataset2', 'voc'],
  ['voc_dataset/voc_dataset3', 'voc_detection'], // one task only: the specific format wins,
  ['yolo_dataset/strict', 'yolo'],
  ['cvat_dataset/for_images/export_task', 'cvat'],
  ['cvat_dataset/for_images/export_project', 'cvat'],
  ['cvat_dataset/for_video', 'cvat_video'], // tracks: read and written back as video,
  ['labelme_dataset', 'labelme'],
  ['kitti_dataset/kitti_detection', 'kitti_detection'],
  ['kitti_dataset/kitti_segmentation', 'kitti_segmentation'],
  ['kitti_dataset/kitti_raw', 'kitti_raw'],
  ['cityscapes_dataset/dataset', 'cityscapes'],
  ['cityscapes_dataset/train_dataset', 'cityscapes'],
  ['mot_dataset/mot_seq', 'mot_seq'],
  ['mot_dataset/mot_seq_with_seqinfo', 'mot_seq'],
  ['mots_dataset', 'mots_png'],
  ['open_images_dataset/v5', 'open_images'],
  ['open_images_dataset/v6', 'open_images'],
  ['tf_detection_api_dataset', 'tf_detection_api'],
  ['imagenet_dataset', 'imagenet'],
  ['imagenet_subsets_dataset', 'imagenet_with_subset_dirs'], // train/val/test folders of label folders,
  ['imagenet_txt_dataset/basic', 'imagenet_txt'],
  ['widerface_dataset', 'wider_face'],
  ['camvid_dataset', 'camvid'],
  ['vgg_face2_dataset', 'vgg_face2'],
  ['market1501_dataset', 'market1501'],
  ['icdar_dataset/word_recognition', 'icdar_word_recognition'],
  ['icdar_dataset/text_localization', 'icdar_text_localization'],
  ['icdar_dataset/text_segmentation', 'icdar_text_segmentation'],
  ['lfw_dataset', 'lfw'],
  ['ade20k2017_dataset/dataset', 'ade20k2017'],
  ['ade20k2020_dataset/dataset', 'ade20k2020'],
  ['image_dir_dataset', 'image_dir'],
  ['datumaro_dataset/legacy', 'datumaro'],
  ['roboflow_dataset/coco', 'coco_instances'],
  ['roboflow_dataset/voc', 'voc_detection'],
  ['roboflow_dataset/yolo', 'yolo_ultralytics'],
  ['roboflow_dataset/tfrecord', 'tf_detection_api'],
  ['image_zip_dataset', 'image_zip'],
  ['roboflow_dataset/multiclass', 'roboflow_multiclass'],
  ['roboflow_dataset/createml', 'createml'],
  ['dota_dataset', 'dota'],
  ['roboflow_dataset/yolo_obb', 'dota'],
  ['vott_json_dataset/dataset', 'vott_json'],
  ['vott_csv_dataset/dataset', 'vott_csv'],
];

const corpus = fixturesDir();
if (!corpus) console.warn('detect matrix: LABELPORT_FIXTURES is not set; the corpus matrix is skipped');

describe.skipIf(!corpus)('detect matrix over the corpus', () => {
  for (const [path, id] of EXPECTED) {
    it(`${path} is ${id}, and nothing else as much`, async () => {
      const dir = join(corpus!, 'datumaro', path);
      expect(existsSync(dir), `${dir} is missing from the corpus`).toBe(true);
      expect(registry.has(id), `format ${id} is not registered`).toBe(true);
      const { matches } = await registry.detect(await openTree(dir));
      const top = matches.filter((m) => m.confidence === matches[0]?.confidence);
      expect(top.map((m) => m.id)).toEqual([id]);
    });
  }
});
