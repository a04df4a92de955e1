import { icdarTextLocalization } from './text-localization.js';
import { icdarTextSegmentation } from './text-segmentation.js';
import { icdarWordRecognition } from './word-recognition.js';

export { icdarTextLocalization, icdarTextSegmentation, icdarWordRecognition };
export const formats = [icdarWordRecognition, icdarTextLocalization, icdarTextSegmentation];
