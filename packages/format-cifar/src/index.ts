// @labelport/format-cifar: the format objects and nothing else of note.
import { cifar } from './cifar.js';

export { cifar };
export const formats = [cifar];
