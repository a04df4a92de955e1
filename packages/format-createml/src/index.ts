// @labelport/format-createml: the format objects and nothing else of note.
import { createml } from './createml.js';

export { createml };
export const formats = [createml];
