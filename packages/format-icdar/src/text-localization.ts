import { defineFormat } from '@labelport/core';
import { detectTextLocalization, readTextLocalization } from './read-text-localization.js';
import { writeTextLocalization } from './write-text-localization.js';

export const icdarTextLocalization = defineFormat({
  id: 'icdar_text_localization',
  title: 'ICDAR text localization',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['bbox', 'polygon'],
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: false,
  },
  detect: detectTextLocalization,
  read: readTextLocalization,
  write: writeTextLocalization,
});
