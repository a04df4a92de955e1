import { bdd100kDrivable } from './drivable.js';
import { bdd100kInsSeg } from './ins-seg.js';
import { bdd100kLane } from './lane.js';
import { bdd100kPanSeg } from './pan-seg.js';
import { bdd100k } from './scalabel.js';
import { bdd100kSegTrack } from './seg-track.js';
import { bdd100kSemSeg } from './sem-seg.js';

export {
  bdd100k,
  bdd100kDrivable,
  bdd100kInsSeg,
  bdd100kLane,
  bdd100kPanSeg,
  bdd100kSegTrack,
  bdd100kSemSeg,
};
export const formats = [
  bdd100k,
  bdd100kSemSeg,
  bdd100kDrivable,
  bdd100kLane,
  bdd100kInsSeg,
  bdd100kPanSeg,
  bdd100kSegTrack,
];
