// @labelport/format-celeba: the format objects and nothing else of note.
import { alignCeleba, celeba } from './celeba.js';

export { alignCeleba, celeba };
export const formats = [celeba, alignCeleba];
