// Labelbox's files in Labelbox's shapes. The export v2 rows follow Labelbox's "Export image annotations"
// reference and the SDK's expected exports (labelbox-python tests/data/annotation_import/conftest.py,
// expected_export_v2_image): one compact JSON object per line, keys in the export's order (data_row,
// media_attributes, attachments, metadata_fields, projects), boxes' numbers as floats (`1264.0`), ids as
// cuids, every object with feature_id, feature_schema_id, name, value, annotation_kind and
// classifications. The import lines are what the SDK's NDJsonConverter.serialize writes (uuid, dataRow,
// name, classifications, then the geometry), the data rows what dataset.create_data_rows takes.
import { memoryTree } from '@labelport/core';
import { encodeBase64 } from '@labelport/core/files';
import { encodeBinaryMaskPng } from '@labelport/core/png';

const PROJECT = 'cltd3vkju021907u63w2odj69';
const cuid = (n: number) => `clr0x0ol83tv${String(n).padStart(2, '0')}07eagehegjde`;

const answer = (id: number, name: string, classifications: unknown[] = []) => ({
  feature_id: cuid(id),
  feature_schema_id: cuid(id + 50),
  name,
  value: name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
  classifications,
});

const object = (
  id: number,
  name: string,
  kind: string,
  geometry: Record<string, unknown>,
  classifications: unknown[] = [],
) => ({
  feature_id: cuid(id),
  feature_schema_id: cuid(id + 50),
  name,
  value: name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
  annotation_kind: kind,
  classifications,
  ...geometry,
});

export const ROW_1 = {
  data_row: {
    id: 'clf9spzxq029m071nehy60a6v',
    global_key: '2560px-Kitano_Street_Kobe01s5s4110.jpeg',
    row_data:
      'https://storage.googleapis.com/labelbox-datasets/image_sample_data/2560px-Kitano_Street_Kobe01s5s4110.jpeg',
    details: {
      dataset_id: 'clf9spwgw04w207ymfwy826qv',
      dataset_name: 'demo_dataset_img',
      created_at: '2023-03-15T14:46:58.000+00:00',
      updated_at: '2023-03-15T14:46:58.000+00:00',
      last_activity_at: '2024-04-08T16:34:01.000+00:00',
      created_by: 'labelbox.public.user@labelbox.com',
    },
  },
  media_attributes: { height: 1707, width: 2560, mime_type: 'image/jpeg' },
  attachments: [],
  metadata_fields: [],
  projects: {
    [PROJECT]: {
      name: 'Image Annotation Import Demo',
      labels: [
        {
          label_kind: 'Default',
          version: '1.0.0',
          id: 'clur5tlda1n2a07dc0i0zdd4k',
          label_details: {
            created_at: '2024-04-08T16:21:26.000+00:00',
            updated_at: '2024-04-08T16:34:02.000+00:00',
            created_by: 'user@labelbox.com',
            content_last_updated_at: '2024-04-08T16:34:00.513+00:00',
            reviews: [],
          },
          annotations: {
            objects: [
              object(
                1,
                'car',
                'ImageBoundingBox',
                { bounding_box: { top: 1264, left: 2096, height: 425, width: 144 } },
                [
                  {
                    ...answer(2, 'occlusion'),
                    classifications: undefined,
                    radio_answer: answer(3, 'partial', [
                      {
                        ...answer(4, 'occluded by'),
                        classifications: undefined,
                        checklist_answers: [answer(5, 'tree'), answer(6, 'sign')],
                      },
                    ]),
                  },
                  { ...answer(7, 'plate'), classifications: undefined, text_answer: { content: 'ABC 123' } },
                ],
              ),
              object(8, 'road', 'ImagePolygon', {
                polygon: [
                  { x: 1489.581, y: 183.934 },
                  { x: 2278.306, y: 256.885 },
                  { x: 2428.197, y: 1302.157 },
                  { x: 1489.581, y: 183.934 },
                ],
              }),
              object(9, 'lane', 'ImagePolyline', {
                line: [
                  { x: 2534.353, y: 249.471 },
                  { x: 90.929, y: 326.412 },
                ],
              }),
              object(10, 'pothole', 'ImagePoint', { point: { x: 1389.581, y: 1205.067 } }),
              object(11, 'sky', 'ImageSegmentationMask', {
                composite_mask: {
                  url: 'https://api.labelbox.com/api/v1/tasks/clur5tlda1n2a07dc0i0zdd4k/masks/clur5tldb1n2b07dcf1j1dgn3/index/1',
                  color_rgb: [255, 0, 0],
                },
                mask: {
                  url: `https://api.labelbox.com/api/v1/projects/${PROJECT}/annotations/${cuid(11)}/index/1/mask`,
                },
              }),
            ],
            classifications: [
              { ...answer(12, 'weather'), classifications: undefined, radio_answer: answer(13, 'sunny') },
              {
                ...answer(14, 'tags'),
                classifications: undefined,
                checklist_answers: [answer(15, 'daytime'), answer(16, 'urban')],
              },
              {
                ...answer(17, 'notes'),
                classifications: undefined,
                text_answer: { content: 'a clear street' },
              },
            ],
            relationships: [],
          },
        },
      ],
      project_details: {
        ontology_id: 'cltd3vkju021a07u6',
        task_name: 'Initial review task',
        workflow_status: 'DONE',
      },
    },
  },
};

/** A data row not labelled yet. */
export const ROW_2 = {
  data_row: {
    id: 'clf9spzxq029n071nmqk31o5n',
    global_key: 'frames/frame_0002.png',
    row_data: 'https://storage.googleapis.com/labelbox-datasets/image_sample_data/frame_0002.png',
  },
  media_attributes: { height: 720, width: 1280, mime_type: 'image/png' },
  attachments: [],
  metadata_fields: [],
  projects: { [PROJECT]: { name: 'Image Annotation Import Demo', labels: [] } },
};

/** One line of compact JSON, as the export streams it: box numbers as floats, keys as given. */
export const exportLine = (row: unknown): string =>
  JSON.stringify(row).replace(/"(top|left|height|width)":(-?\d+)([,}])/g, '"$1":$2.0$3');

export const exportTree = () =>
  memoryTree({ 'export-result.ndjson': `${exportLine(ROW_1)}\n${exportLine(ROW_2)}\n` });

/** The older SDK's `export_v2(...).result`, dumped as a JSON list: external ids, no global keys. */
export const listTree = () =>
  memoryTree({
    'export.json': JSON.stringify(
      [ROW_1, ROW_2].map((r) => {
        const { global_key: _g, ...dr } = r.data_row;
        return { ...r, data_row: { ...dr, external_id: r.data_row.global_key } };
      }),
      null,
      2,
    ),
    'frame_0002.png': 'x',
  });

const maskPng = encodeBase64(
  encodeBinaryMaskPng({ width: 4, height: 3, data: new Uint8Array([0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]) }, 1),
);

/** Annotation import NDJSON as the SDK's NDJsonConverter writes it, with the data rows to create. */
export const IMPORT_LINES = [
  {
    uuid: 'b862c586-8614-483c-b5e6-82810f70cac0',
    dataRow: { globalKey: 'sample-image-1.jpg' },
    name: 'car',
    classifications: [{ name: 'occlusion', answer: { name: 'partial' } }],
    bbox: { top: 48.0, left: 58.0, height: 65.0, width: 12.0 },
  },
  {
    uuid: '751fc725-f7b6-48ed-89b0-dd7d94d08af6',
    dataRow: { globalKey: 'sample-image-1.jpg' },
    name: 'sky',
    classifications: [],
    mask: { png: maskPng },
  },
  {
    uuid: '43d719ac-5d7f-4aea-be00-2ebfca0900fd',
    dataRow: { globalKey: 'sample-image-1.jpg' },
    name: 'tags',
    answer: [{ name: 'daytime' }, { name: 'urban' }],
  },
  {
    uuid: 'ee70fd88-9f88-48dd-b760-7469ff479b71',
    dataRow: { globalKey: 'sample-image-1.jpg' },
    name: 'notes',
    answer: 'free form text...',
  },
];

export const DATA_ROWS = [
  {
    row_data: 'https://lb-test-data.s3.us-west-1.amazonaws.com/image-samples/sample-image-1.jpg',
    global_key: 'sample-image-1.jpg',
    media_type: 'IMAGE',
  },
  {
    row_data: 'https://lb-test-data.s3.us-west-1.amazonaws.com/image-samples/sample-image-2.jpg',
    global_key: 'sample-image-2.jpg',
    media_type: 'IMAGE',
  },
];

export const importTree = () =>
  memoryTree({
    'annotations.ndjson': `${IMPORT_LINES.map((l) => JSON.stringify(l)).join('\n')}\n`,
    'data_rows.json': JSON.stringify(DATA_ROWS),
  });
