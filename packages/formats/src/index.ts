// labelport: every format package, in one registry. A list of imports and nothing else.
import { type AnyFormat, createRegistry } from '@labelport/core';
import { formats as datumaro } from '@labelport/format-datumaro';
import { formats as imageDir } from '@labelport/format-image-dir';

export const formats: AnyFormat[] = [...datumaro, ...imageDir];
export const registry = createRegistry(formats);
