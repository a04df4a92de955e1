import type { AnyFormat } from '@labelport/core';

export declare const boxesCsv: AnyFormat;
export declare const formats: AnyFormat[];
export default formats;
