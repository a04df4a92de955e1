import { labelme } from './labelme.js';
import { labelmeJson } from './labelme-json.js';

export { labelme, labelmeJson };
export const formats = [labelme, labelmeJson];
