import { yoloUltralytics } from './ultralytics.js';
import { yolo } from './yolo.js';

export type { UltralyticsWriteOptions } from './ultralytics.js';
export type { YoloWriteOptions } from './yolo.js';
export { yolo, yoloUltralytics };
export const formats = [yolo, yoloUltralytics];
