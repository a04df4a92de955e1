// @labelport/format-supervisely: the format objects and nothing else of note.
import { supervisely } from './supervisely.js';

export { supervisely };
export const formats = [supervisely];
