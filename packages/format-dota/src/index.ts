// @labelport/format-dota: the format objects and nothing else of note.
import { dota } from './dota.js';

export { dota };
export const formats = [dota];
