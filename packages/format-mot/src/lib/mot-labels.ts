/** MOT Challenge's own classes, used when a sequence has no labels.txt (as Datumaro does). */
export const MOT_LABELS = [
  'pedestrian',
  'person on vehicle',
  'car',
  'bicycle',
  'motorbike',
  'non motorized vehicle',
  'static person',
  'distractor',
  'occluder',
  'occluder on the ground',
  'occluder full',
  'reflection',
];

/** MOT20's class 13. */
export const MOT20_CROWD = 'crowd';
