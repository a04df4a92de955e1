// @labelport/core/geometry: RLE, polygons, contours, boxes, colour maps, index masks.
// A toolbox, not the contract: it may change in a minor release.
export { bboxArea, bboxOfPoints, maskBbox } from './bbox.js';
export { type CocoRleJson, parseCocoRle, toCocoRleJson } from './coco-rle.js';
export { vocColormap } from './colormap.js';
export { type MaskToPolygonsOptions, maskToPolygons } from './contours.js';
export { type IndexMaskLayer, renderIndexMask, splitIndexMask } from './index-mask.js';
export {
  polygonArea,
  polygonsRasterArea,
  rasterizeBbox,
  rasterizePolygon,
  rasterizePolygons,
} from './polygon.js';
export { decodeRle, encodeRle, mergeRle, rleArea, rleToBbox } from './rle.js';
export { rleFromString, rleToString } from './rle-string.js';
export {
  boxFromCorners,
  boxRotation,
  isRotated,
  normalizeDegrees,
  rotatedBoxCorners,
} from './rotated-box.js';
export type { Bbox, BinaryMask, Rle } from './types.js';
