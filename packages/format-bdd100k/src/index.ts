import { bdd100k } from './bdd100k.js';
import {
  bdd100kDrivable,
  bdd100kInsSeg,
  bdd100kLane,
  bdd100kPanSeg,
  bdd100kSegTrack,
  bdd100kSemSeg,
} from './bdd100k-masks.js';

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
