// @labelport/format-mnist: the format objects and nothing else of note.
import { mnist, mnistCsv } from './mnist.js';

export { mnist, mnistCsv };
export const formats = [mnist, mnistCsv];
