import { datumaro } from './datumaro.js';
import { readDatumaro } from './read-datumaro.js';
import { writeDatumaro } from './write-datumaro.js';

export { datumaro, readDatumaro, writeDatumaro };
export const formats = [datumaro];
