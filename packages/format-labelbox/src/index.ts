// @labelport/format-labelbox: the format objects and nothing else of note.
import { labelbox } from './labelbox.js';

export { labelbox };
export const formats = [labelbox];
