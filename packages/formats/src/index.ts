// labelport: every format package, in one registry. Generated from package.json by
// scripts/meta-package.mjs: a list of imports and nothing else.
import { type AnyFormat, createRegistry } from '@labelport/core';
import { formats as ade20k } from '@labelport/format-ade20k';
import { formats as bdd100k } from '@labelport/format-bdd100k';
import { formats as camvid } from '@labelport/format-camvid';
import { formats as celeba } from '@labelport/format-celeba';
import { formats as cifar } from '@labelport/format-cifar';
import { formats as cityscapes } from '@labelport/format-cityscapes';
import { formats as cityscapesVps } from '@labelport/format-cityscapes-vps';
import { formats as coco } from '@labelport/format-coco';
import { formats as createml } from '@labelport/format-createml';
import { formats as cvat } from '@labelport/format-cvat';
import { formats as datumaro } from '@labelport/format-datumaro';
import { formats as dota } from '@labelport/format-dota';
import { formats as icdar } from '@labelport/format-icdar';
import { formats as imageDir } from '@labelport/format-image-dir';
import { formats as imagenet } from '@labelport/format-imagenet';
import { formats as kitti } from '@labelport/format-kitti';
import { formats as labelStudio } from '@labelport/format-label-studio';
import { formats as labelbox } from '@labelport/format-labelbox';
import { formats as labelme } from '@labelport/format-labelme';
import { formats as lfw } from '@labelport/format-lfw';
import { formats as market1501 } from '@labelport/format-market1501';
import { formats as mnist } from '@labelport/format-mnist';
import { formats as mot } from '@labelport/format-mot';
import { formats as mots } from '@labelport/format-mots';
import { formats as openimages } from '@labelport/format-openimages';
import { formats as supervisely } from '@labelport/format-supervisely';
import { formats as tfrecord } from '@labelport/format-tfrecord';
import { formats as vggFace2 } from '@labelport/format-vgg-face2';
import { formats as via } from '@labelport/format-via';
import { formats as voc } from '@labelport/format-voc';
import { formats as vott } from '@labelport/format-vott';
import { formats as widerFace } from '@labelport/format-wider-face';
import { formats as yolo } from '@labelport/format-yolo';

export const formats: AnyFormat[] = [
  ...ade20k,
  ...bdd100k,
  ...camvid,
  ...celeba,
  ...cifar,
  ...cityscapes,
  ...cityscapesVps,
  ...coco,
  ...createml,
  ...cvat,
  ...datumaro,
  ...dota,
  ...icdar,
  ...imageDir,
  ...imagenet,
  ...kitti,
  ...labelStudio,
  ...labelbox,
  ...labelme,
  ...lfw,
  ...market1501,
  ...mnist,
  ...mot,
  ...mots,
  ...openimages,
  ...supervisely,
  ...tfrecord,
  ...vggFace2,
  ...via,
  ...voc,
  ...vott,
  ...widerFace,
  ...yolo,
];
export const registry = createRegistry(formats);
