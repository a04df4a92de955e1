import { bdd100k } from './scalabel.js';

export { bdd100k };
export const formats = [bdd100k];
