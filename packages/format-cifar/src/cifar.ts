/**
 * CIFAR-10 and CIFAR-100, "python version" (`cifar`): pickled batches of 32 x 32 colour images and
 * their labels (CIFAR-100's with superclasses), read without Python and written as the original's
 * files are. The work is in read-cifar.ts and write-cifar.ts.
 */
import { defineFormat } from '@labelport/core';
import { detectCifar, readCifar } from './read-cifar.js';
import { writeCifar } from './write-cifar.js';

export const cifar = defineFormat({
  id: 'cifar',
  title: 'CIFAR-10 / CIFAR-100 (python version: pickled batches)',
  // none: the batches have no extension (data_batch_1, test_batch, batches.meta's is not theirs)
  extensions: [],
  capabilities: {
    annotations: ['label'],
    media: ['image'],
    tracks: false,
    attributes: false,
    subsets: true,
    streaming: false,
    labelParents: true,
  },
  detect: detectCifar,
  read: readCifar,
  write: writeCifar,
});
