type Rgb = [number, number, number];

/** One of Cityscapes' labels (cityscapesScripts `labels.py`), with Datumaro's name (no spaces). */
export interface CityscapesLabel {
  /** Datumaro's name: the official name without spaces ('trafficlight'). */
  name: string;
  /** The official name ('traffic light'), as in `*_gtFine_polygons.json`. */
  officialName: string;
  /** labelId: the value in `*_labelIds.png`, and the class part of `*_instanceIds.png`. */
  id: number;
  /** trainId: 0..18 for the 19 evaluated classes, 255 for the others. */
  trainId: number;
  hasInstances: boolean;
  color: Rgb;
}

const L = (
  officialName: string,
  id: number,
  trainId: number,
  hasInstances: boolean,
  color: Rgb,
): CityscapesLabel => ({
  name: officialName.replace(/ /g, ''),
  officialName,
  id,
  trainId,
  hasInstances,
  color,
});

/** The 34 original labels (ids 0..33) and the license plate (id -1, index 34 here, as in Datumaro). */
export const CITYSCAPES_LABELS: readonly CityscapesLabel[] = [
  L('unlabeled', 0, 255, false, [0, 0, 0]),
  L('ego vehicle', 1, 255, false, [0, 0, 0]),
  L('rectification border', 2, 255, false, [0, 0, 0]),
  L('out of roi', 3, 255, false, [0, 0, 0]),
  L('static', 4, 255, false, [0, 0, 0]),
  L('dynamic', 5, 255, false, [111, 74, 0]),
  L('ground', 6, 255, false, [81, 0, 81]),
  L('road', 7, 0, false, [128, 64, 128]),
  L('sidewalk', 8, 1, false, [244, 35, 232]),
  L('parking', 9, 255, false, [250, 170, 160]),
  L('rail track', 10, 255, false, [230, 150, 140]),
  L('building', 11, 2, false, [70, 70, 70]),
  L('wall', 12, 3, false, [102, 102, 156]),
  L('fence', 13, 4, false, [190, 153, 153]),
  L('guard rail', 14, 255, false, [180, 165, 180]),
  L('bridge', 15, 255, false, [150, 100, 100]),
  L('tunnel', 16, 255, false, [150, 120, 90]),
  L('pole', 17, 5, false, [153, 153, 153]),
  L('polegroup', 18, 255, false, [153, 153, 153]),
  L('traffic light', 19, 6, false, [250, 170, 30]),
  L('traffic sign', 20, 7, false, [220, 220, 0]),
  L('vegetation', 21, 8, false, [107, 142, 35]),
  L('terrain', 22, 9, false, [152, 251, 152]),
  L('sky', 23, 10, false, [70, 130, 180]),
  L('person', 24, 11, true, [220, 20, 60]),
  L('rider', 25, 12, true, [255, 0, 0]),
  L('car', 26, 13, true, [0, 0, 142]),
  L('truck', 27, 14, true, [0, 0, 70]),
  L('bus', 28, 15, true, [0, 60, 100]),
  L('caravan', 29, 255, true, [0, 0, 90]),
  L('trailer', 30, 255, true, [0, 0, 110]),
  L('train', 31, 16, true, [0, 80, 100]),
  L('motorcycle', 32, 17, true, [0, 0, 230]),
  L('bicycle', 33, 18, true, [119, 11, 32]),
  L('license plate', -1, -1, false, [0, 0, 142]),
];

/** The label map `*_labelTrainIds.png` is read with (Datumaro's): the 19 train classes, then background. */
export const CITYSCAPES_TRAIN_LABELS: [string, Rgb][] = [
  ...CITYSCAPES_LABELS.filter((l) => l.trainId >= 0 && l.trainId < 255)
    .sort((a, b) => a.trainId - b.trainId)
    .map((l): [string, Rgb] => [l.name, l.color]),
  ['background', [0, 0, 0]],
];

const byOfficialName = new Map(CITYSCAPES_LABELS.map((l) => [l.officialName, l]));

/**
 * The Datumaro-style label name of a `*_polygons.json` label, and whether the object is a crowd (no
 * instance, as `is_crowd` in the masks): 'traffic light' -> 'trafficlight' (a class without
 * instances: a crowd); 'car' -> an instance; 'cargroup' -> a crowd of cars.
 */
export function polygonLabel(official: string): { name: string; crowd: boolean } {
  const known = byOfficialName.get(official);
  if (known) return { name: known.name, crowd: !known.hasInstances };
  if (official.endsWith('group') && official.length > 'group'.length) {
    const base = official.slice(0, -'group'.length);
    return { name: byOfficialName.get(base)?.name ?? base.replace(/ /g, ''), crowd: true };
  }
  return { name: official.replace(/ /g, ''), crowd: false };
}

const byName = new Map(CITYSCAPES_LABELS.map((l) => [l.name, l]));

/** The `*_polygons.json` label of a label name and crowd flag: 'trafficlight' -> 'traffic light', a car crowd -> 'cargroup'. */
export function officialLabel(name: string, crowd: boolean): string {
  const known = byName.get(name);
  if (!known) return crowd ? `${name}group` : name;
  return crowd && known.hasInstances ? `${known.officialName}group` : known.officialName;
}
