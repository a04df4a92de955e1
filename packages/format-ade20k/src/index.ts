import { ade20k2017 } from './ade20k2017.js';
import { ade20k2020 } from './ade20k2020.js';

export { ade20k2017, ade20k2020 };
export const formats = [ade20k2017, ade20k2020];
