import { labelStudio } from './label-studio.js';

export type { LabelStudioWriteOptions } from './label-studio.js';
export type { LabelStudioReadOptions } from './read-label-studio.js';
export { labelStudio };
export const formats = [labelStudio];
