/**
 * MOTS class ids (KITTI MOTS and MOTSChallenge): 1 car, 2 pedestrian, 10 an ignore region. Without
 * a labels.txt, Datumaro names the labels after this table in this order (background first), so a
 * class id is also the label's index, except 10 ('ignored', index 3).
 */
export const MOTS_DEFAULT_LABELS = ['background', 'car', 'pedestrian', 'ignored'];
export const MOTS_IGNORE_CLASS = 10;
export const MAX_INSTANCES = 1000;

/**
 * The label index of a MOTS class id, or undefined (background, or a class the labels do not have).
 * With a labels.txt, class c is label c - 1 (Datumaro's rule), and class 10 is the label named
 * 'ignored' when there are fewer than 10 labels.
 */
export function labelOfClass(classId: number, labels: string[], defaultLabels: boolean): number | undefined {
  if (classId === 0) return undefined;
  if (classId === MOTS_IGNORE_CLASS && labels.length < MOTS_IGNORE_CLASS) {
    const i = labels.indexOf('ignored');
    return i < 0 ? undefined : i;
  }
  if (defaultLabels) return classId < 3 ? classId : undefined;
  return classId - 1 < labels.length ? classId - 1 : undefined;
}

/** The MOTS class id that a label index is written as (Datumaro: index + 1). */
export function classOfLabel(label: number): number {
  return label + 1;
}
