import { motsPng } from './mots-png.js';
import { motsTxt } from './mots-txt.js';

export { motsPng, motsTxt };
export const formats = [motsPng, motsTxt];
