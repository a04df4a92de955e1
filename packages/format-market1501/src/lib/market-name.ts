/**
 * Market-1501 image names: `0001_c1s1_000015_00.jpg` is person 0001, camera 1, sequence 1, frame 15,
 * first box of that frame. Person -1 marks distractors, 0000 junk images.
 */
export const MARKET_NAME = /^(-?\d+)_c(\d+)s(\d+)_(\d+)_(\d+)(.*)$/;

/** Datumaro's item attributes, parsed from an image name: camera ids become 0-based. */
export interface MarketAttributes {
  person_id: string;
  camera_id: number;
  track_id: number;
  frame_id: number;
  bbox_id: number;
}

export const MARKET_ATTRIBUTES = [
  'person_id',
  'camera_id',
  'track_id',
  'frame_id',
  'bbox_id',
  'query',
] as const;

/** The attributes in a base name (no extension) and what follows them, or undefined when it is not one. */
export function parseMarketName(stem: string): { attributes: MarketAttributes; rest: string } | undefined {
  const m = MARKET_NAME.exec(stem);
  if (!m) return undefined;
  return {
    attributes: {
      person_id: m[1],
      camera_id: Number(m[2]) - 1,
      track_id: Number(m[3]),
      frame_id: Number(m[4]),
      bbox_id: Number(m[5]),
    },
    rest: m[6],
  };
}

/** `0001_c2s3_000111_00`: camera_id is 0-based in the model, 1-based in the name. */
export function formatMarketName(a: {
  person_id: string;
  camera_id: number;
  track_id: number;
  frame_id: number;
  bbox_id: number;
}): string {
  return `${a.person_id}_c${a.camera_id + 1}s${a.track_id}_${String(a.frame_id).padStart(6, '0')}_${String(a.bbox_id).padStart(2, '0')}`;
}
