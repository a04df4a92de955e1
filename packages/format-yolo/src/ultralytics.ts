import { defineFormat, type OptionValues } from '@labelport/core';
import { ultralyticsWriteOptions } from './options.js';
import { detectUltralytics, readUltralytics } from './read-ultralytics.js';
import { writeUltralytics } from './write-ultralytics.js';

export type UltralyticsWriteOptions = OptionValues<typeof ultralyticsWriteOptions>;

/**
 * Ultralytics YOLO: data.yaml (or data.yml), images/<subset>/ and labels/<subset>/ (or Roboflow's
 * <subset>/images/, <subset>/labels/, or YOLOv5's and SAHI's label files beside their images). Lines
 * are boxes, segmentation polygons, pose boxes with keypoints (kpt_shape), or, in an OBB dataset
 * (`task: obb`), oriented boxes `class x1 y1 ... x4 y4`, read as rotated boxes and written from them.
 */
export const yoloUltralytics = defineFormat<object, UltralyticsWriteOptions>({
  id: 'yolo_ultralytics',
  title: 'Ultralytics YOLO',
  // Datumaro's id for Roboflow's YOLO export (data.yaml, <subset>/images/, <subset>/labels/)
  aliases: ['roboflow_yolo'],
  extensions: ['.yaml', '.yml', '.txt'],
  options: { write: ultralyticsWriteOptions },
  capabilities: {
    annotations: ['bbox', 'polygon', 'points'],
    converts: { skeleton: 'points', mask: 'polygon' },
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: true,
    normalized: true,
    rotation: true,
  },
  detect: detectUltralytics,
  read: readUltralytics,
  write: writeUltralytics,
});
