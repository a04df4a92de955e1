import { ade20k2017 } from './ade20k2017.js';

export { ade20k2017 };
export const formats = [ade20k2017];
