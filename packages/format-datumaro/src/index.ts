import { datumaro, readDatumaro, writeDatumaro } from './datumaro.js';

export { datumaro, readDatumaro, writeDatumaro };
export const formats = [datumaro];
