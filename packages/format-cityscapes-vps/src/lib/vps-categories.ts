type Rgb = [number, number, number];

export interface VpsCategory {
  id: number;
  name: string;
  supercategory: string;
  isthing: 0 | 1;
  color: Rgb;
}

/** Cityscapes-VPS categories (VPSNet's `city_default.py`): id = Cityscapes trainId 0..18. */
export const VPS_CATEGORIES: readonly VpsCategory[] = [
  { id: 0, name: 'road', supercategory: 'flat', isthing: 0, color: [128, 64, 128] },
  { id: 1, name: 'sidewalk', supercategory: 'flat', isthing: 0, color: [244, 35, 232] },
  { id: 2, name: 'building', supercategory: 'construction', isthing: 0, color: [70, 70, 70] },
  { id: 3, name: 'wall', supercategory: 'construction', isthing: 0, color: [102, 102, 156] },
  { id: 4, name: 'fence', supercategory: 'construction', isthing: 0, color: [190, 153, 153] },
  { id: 5, name: 'pole', supercategory: 'object', isthing: 0, color: [153, 153, 153] },
  { id: 6, name: 'traffic light', supercategory: 'object', isthing: 0, color: [250, 170, 30] },
  { id: 7, name: 'traffic sign', supercategory: 'object', isthing: 0, color: [220, 220, 0] },
  { id: 8, name: 'vegetation', supercategory: 'nature', isthing: 0, color: [107, 142, 35] },
  { id: 9, name: 'terrain', supercategory: 'nature', isthing: 0, color: [152, 251, 152] },
  { id: 10, name: 'sky', supercategory: 'sky', isthing: 0, color: [70, 130, 180] },
  { id: 11, name: 'person', supercategory: 'human', isthing: 1, color: [220, 20, 60] },
  { id: 12, name: 'rider', supercategory: 'human', isthing: 1, color: [255, 0, 0] },
  { id: 13, name: 'car', supercategory: 'vehicle', isthing: 1, color: [0, 0, 142] },
  { id: 14, name: 'truck', supercategory: 'vehicle', isthing: 1, color: [0, 0, 70] },
  { id: 15, name: 'bus', supercategory: 'vehicle', isthing: 1, color: [0, 60, 100] },
  { id: 16, name: 'train', supercategory: 'vehicle', isthing: 1, color: [0, 80, 100] },
  { id: 17, name: 'motorcycle', supercategory: 'vehicle', isthing: 1, color: [0, 0, 230] },
  { id: 18, name: 'bicycle', supercategory: 'vehicle', isthing: 1, color: [119, 11, 32] },
];

/** Where the categories' isthing flags and ids travel in a dataset's infos (label name -> flag). */
export const VPS_ISTHING_INFO = 'coco_isthing';

/** COCO panoptic's segment id of a colour: R + 256 G + 256^2 B. */
export const rgbToId = (r: number, g: number, b: number) => r + 256 * g + 65536 * b;
export const idToRgb = (id: number): Rgb => [id & 255, (id >>> 8) & 255, (id >>> 16) & 255];

/** `VVVV_FFFF_<city>_<seq>_<frame>`: the video and frame numbers of an annotated frame's id. */
export function parseVpsId(id: string): { video: number; frame: number } | undefined {
  const m = /^(\d{4})_(\d{4})_/.exec(id);
  return m ? { video: Number(m[1]), frame: Number(m[2]) } : undefined;
}
