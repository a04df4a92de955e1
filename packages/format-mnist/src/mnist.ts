/**
 * MNIST (`mnist`: the IDX files, gzipped or not) and its CSV form (`mnist_csv`: a label and 784 pixel
 * values a line), as Datumaro reads and writes them: image classification, one gray image and one label
 * per item. Two variants of one family, from a table; the work is in read-*.ts and write-*.ts.
 */
import { defineFormat, type FormatCapabilities } from '@labelport/core';
import { type MnistWriteOptions, mnistWriteOptions } from './options.js';
import { detectMnist, readMnist } from './read-mnist.js';
import { detectMnistCsv, readMnistCsv } from './read-mnist-csv.js';
import { writeMnist } from './write-mnist.js';
import { writeMnistCsv } from './write-mnist-csv.js';

const capabilities: FormatCapabilities = {
  annotations: ['label'],
  media: ['image'],
  tracks: false,
  attributes: false,
  subsets: true,
  streaming: false,
};

const variants = {
  mnist: {
    title: 'MNIST (IDX files)',
    // none: the un-gzipped files have no extension (train-labels-idx1-ubyte)
    extensions: [],
    options: { write: mnistWriteOptions },
    detect: detectMnist,
    read: readMnist,
    write: writeMnist,
  },
  mnist_csv: {
    title: 'MNIST in CSV',
    extensions: ['.csv'],
    options: undefined,
    detect: detectMnistCsv,
    read: readMnistCsv,
    write: writeMnistCsv,
  },
};

export const mnist = defineFormat<object, MnistWriteOptions>({
  id: 'mnist',
  capabilities,
  ...variants.mnist,
});
export const mnistCsv = defineFormat({ id: 'mnist_csv', capabilities, ...variants.mnist_csv });
