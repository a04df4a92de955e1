import { camvid } from './camvid.js';

export type { CamvidWriteOptions } from './camvid.js';
export { camvid };
export const formats = [camvid];
