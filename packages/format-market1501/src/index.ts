import { market1501 } from './market1501.js';

export { market1501 };
export const formats = [market1501];
