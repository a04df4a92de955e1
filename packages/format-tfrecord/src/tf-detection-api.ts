import { defineFormat } from '@labelport/core';
import { tfDetectionApiWriteOptions } from './options.js';
import { detectTfDetectionApi, readTfDetectionApi } from './read-tf-detection-api.js';
import { type TfDetectionApiWriteOptions, writeTfDetectionApi } from './write-tf-detection-api.js';

/** The TensorFlow Object Detection API's TFRecords (tf.train.Example per image) and label_map.pbtxt. */
export const tfDetectionApi = defineFormat<object, TfDetectionApiWriteOptions>({
  id: 'tf_detection_api',
  title: 'TensorFlow Object Detection API (TFRecord)',
  // `roboflow_tfrecord`: Datumaro's id for Roboflow's export (a record and a label map per split folder)
  aliases: ['tfrecord', 'roboflow_tfrecord'],
  extensions: ['.tfrecord', '.tfrecords', '.record', '.records', '.pbtxt', '.gz'],
  options: { write: tfDetectionApiWriteOptions },
  capabilities: {
    annotations: ['bbox', 'mask'],
    converts: { polygon: 'mask' },
    media: ['image'],
    tracks: false,
    attributes: true,
    subsets: true,
    streaming: true,
  },
  detect: detectTfDetectionApi,
  read: readTfDetectionApi,
  write: writeTfDetectionApi,
});
