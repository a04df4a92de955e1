// @labelport/format-via: the format objects and nothing else of note.
import { via } from './via.js';

export { via };
export const formats = [via];
