/** The header rows of the annotation CSVs, as Open Images (and Datumaro's writer) name the columns. */
import { BOX_FLAGS } from './rows.js';

export const LABEL_HEADER = ['ImageID', 'Source', 'LabelName', 'Confidence'];
export const BOX_HEADER = [
  'ImageID',
  'Source',
  'LabelName',
  'Confidence',
  'XMin',
  'XMax',
  'YMin',
  'YMax',
  ...BOX_FLAGS.map(([c]) => c),
];
export const MASK_HEADER = [
  'MaskPath',
  'ImageID',
  'LabelName',
  'BoxID',
  'BoxXMin',
  'BoxXMax',
  'BoxYMin',
  'BoxYMax',
  'PredictedIoU',
  'Clicks',
];
export const POINT_HEADER = [
  'ImageId',
  'X',
  'Y',
  'Label',
  'EstimatedYesNo',
  'Source',
  'YesVotes',
  'NoVotes',
  'UnsureVotes',
  'TextLabel',
];
export const VRD_HEADER = [
  'ImageID',
  'LabelName1',
  'LabelName2',
  'XMin1',
  'XMax1',
  'YMin1',
  'YMax1',
  'XMin2',
  'XMax2',
  'YMin2',
  'YMax2',
  'RelationshipLabel',
];
