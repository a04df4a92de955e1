// labelport: every format package, in one registry. A list of imports and nothing else.
import { type AnyFormat, createRegistry } from '@labelport/core';
import { formats as bdd100k } from '@labelport/format-bdd100k';
import { formats as coco } from '@labelport/format-coco';
import { formats as cvat } from '@labelport/format-cvat';
import { formats as datumaro } from '@labelport/format-datumaro';
import { formats as imageDir } from '@labelport/format-image-dir';
import { formats as imagenet } from '@labelport/format-imagenet';
import { formats as mot } from '@labelport/format-mot';
import { formats as mots } from '@labelport/format-mots';
import { formats as openimages } from '@labelport/format-openimages';
import { formats as tfrecord } from '@labelport/format-tfrecord';
import { formats as voc } from '@labelport/format-voc';
import { formats as yolo } from '@labelport/format-yolo';

export const formats: AnyFormat[] = [
  ...bdd100k,
  ...coco,
  ...cvat,
  ...datumaro,
  ...imageDir,
  ...imagenet,
  ...mot,
  ...mots,
  ...openimages,
  ...tfrecord,
  ...voc,
  ...yolo,
];
export const registry = createRegistry(formats);
