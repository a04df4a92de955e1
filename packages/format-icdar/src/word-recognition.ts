import { defineFormat } from '@labelport/core';
import { detectWordRecognition, readWordRecognition } from './read-word-recognition.js';
import { writeWordRecognition } from './write-word-recognition.js';

export const icdarWordRecognition = defineFormat({
  id: 'icdar_word_recognition',
  title: 'ICDAR word recognition',
  extensions: ['.txt'],
  capabilities: {
    annotations: ['caption'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: false,
  },
  detect: detectWordRecognition,
  read: readWordRecognition,
  write: writeWordRecognition,
});
