// @labelport/format-vott: the format objects and nothing else of note.
import { vottCsv } from './vott-csv.js';
import { vottJson } from './vott-json.js';

export { vottCsv, vottJson };
export const formats = [vottJson, vottCsv];
