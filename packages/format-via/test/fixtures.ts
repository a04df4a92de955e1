// VIA's files as VIA 2.0.x writes them (via.js): `project_save_confirmed` (a project: the five keys in
// that order, JSON.stringify on one line), `pack_via_metadata('json')` (the annotations alone) and
// `pack_via_metadata('csv')` (a header, then each row begun with "\n", the JSON cells quoted with their
// quotes doubled, an image without regions one row `0,0,"{}","{}"`). Coordinates are VIA's integers
// (Math.round of the canvas position), theta radians; files added by URL have size -1.
import { memoryTree } from '@labelport/core';

export const SETTINGS = {
  ui: {
    annotation_editor_height: 25,
    annotation_editor_fontsize: 0.8,
    leftsidebar_width: 18,
    image_grid: {
      img_height: 80,
      rshape_fill: 'none',
      rshape_fill_opacity: 0.3,
      rshape_stroke: 'yellow',
      rshape_stroke_width: 2,
      show_region_shape: true,
      show_image_policy: 'all',
    },
    image: {
      region_label: '__via_region_id__',
      region_color: '__via_default_region_color__',
      region_label_font: '10px Sans',
      on_image_annotation_editor_placement: 'NEAR_REGION',
    },
  },
  core: { buffer_size: 18, filepath: {}, default_filepath: '' },
  project: { name: 'via_project_8Dec2025_10h12m' },
};

const SWAN_URL = 'http://www.robots.ox.ac.uk/~vgg/software/via/images/swan.jpg';

export const IMG_METADATA = {
  [`${SWAN_URL}-1`]: {
    filename: SWAN_URL,
    size: -1,
    regions: [
      {
        shape_attributes: { name: 'rect', x: 116, y: 157, width: 573, height: 359 },
        region_attributes: { name: 'swan', type: 'bird', image_quality: { good_illumination: true } },
      },
    ],
    file_attributes: { caption: 'a swan on a lake', public_domain: 'no', image_url: SWAN_URL },
  },
  'wikimedia_death_of_socrates.jpg78144': {
    filename: 'wikimedia_death_of_socrates.jpg',
    size: 78144,
    regions: [
      {
        shape_attributes: {
          name: 'polygon',
          all_points_x: [174, 191, 204, 185],
          all_points_y: [97, 93, 121, 126],
        },
        region_attributes: {
          name: 'Socrates',
          type: 'human',
          image_quality: { frontal: true, good_illumination: true },
        },
      },
      {
        shape_attributes: { name: 'ellipse', cx: 317, cy: 114, rx: 20, ry: 30, theta: 0 },
        region_attributes: { name: 'cup', type: 'cup', image_quality: {} },
      },
      {
        shape_attributes: { name: 'circle', cx: 452, cy: 231, r: 12 },
        region_attributes: { name: 'Plato', type: 'human', image_quality: {} },
      },
      {
        shape_attributes: { name: 'point', cx: 58, cy: 304 },
        region_attributes: { name: 'lamp', type: 'unknown', image_quality: {} },
      },
      {
        shape_attributes: { name: 'polyline', all_points_x: [10, 60, 120], all_points_y: [400, 380, 410] },
        region_attributes: { name: 'chain', type: 'unknown', image_quality: {} },
      },
      {
        shape_attributes: { name: 'ellipse', cx: 600, cy: 300, rx: 40, ry: 20, theta: 0.5235987755982988 },
        region_attributes: { name: 'shield', type: 'unknown', image_quality: {} },
      },
    ],
    file_attributes: { caption: '', public_domain: 'yes', image_url: '' },
  },
};

export const ATTRIBUTES = {
  region: {
    name: { type: 'text', description: 'Name of the object', default_value: 'not_defined' },
    type: {
      type: 'dropdown',
      description: 'Category of object',
      options: { bird: 'Bird', human: 'Human', cup: 'Cup (object)', unknown: 'Unknown (object)' },
      default_options: { unknown: true },
    },
    image_quality: {
      type: 'checkbox',
      description: 'Quality of image region',
      options: {
        blur: 'Blurred region',
        good_illumination: 'Good Illumination',
        frontal: 'Object in frontal view',
      },
      default_options: { good_illumination: true, frontal: true },
    },
  },
  file: {
    caption: { type: 'text', description: '', default_value: '' },
    public_domain: {
      type: 'radio',
      description: '',
      options: { yes: 'Yes', no: 'No' },
      default_options: { no: true },
    },
    image_url: { type: 'text', description: '', default_value: '' },
  },
};

export const PROJECT = {
  _via_settings: SETTINGS,
  _via_img_metadata: IMG_METADATA,
  _via_attributes: ATTRIBUTES,
  _via_data_format_version: '2.0.10',
  _via_image_id_list: Object.keys(IMG_METADATA),
};

export const projectTree = () =>
  memoryTree({
    'via_project_8Dec2025_10h12m.json': JSON.stringify(PROJECT),
    'wikimedia_death_of_socrates.jpg': 'x',
  });

// Matterport's balloon dataset layout: one annotations-only export per subset folder, images beside;
// VIA 1.x kept `regions` as an object keyed by index (Export annotations as JSON, then).
const balloon = (name: string, size: number, xs: number[], ys: number[]) => ({
  [`${name}${size}`]: {
    fileref: '',
    size,
    filename: name,
    base64_img_data: '',
    file_attributes: {},
    regions: {
      '0': {
        shape_attributes: { name: 'polygon', all_points_x: xs, all_points_y: ys },
        region_attributes: {},
      },
    },
  },
});

export const balloonTree = () =>
  memoryTree({
    'train/via_region_data.json': JSON.stringify({
      ...balloon('34020010494_e5cb88e1c4_k.jpg', 1115004, [1020, 1000, 994, 1003], [963, 899, 841, 787]),
      ...balloon('25899693952_7c8b8b9edc_k.jpg', 724739, [586, 510, 441, 389], [133, 151, 200, 263]),
    }),
    'train/34020010494_e5cb88e1c4_k.jpg': 'x',
    'train/25899693952_7c8b8b9edc_k.jpg': 'x',
    'val/via_region_data.json': JSON.stringify(
      balloon('24631331976_defa3bb61f_k.jpg', 668058, [916, 913, 905], [515, 583, 616]),
    ),
    'val/24631331976_defa3bb61f_k.jpg': 'x',
  });

/** VIA 2's CSV export of two images: one with two regions, one without. */
export const CSV = [
  'filename,file_size,file_attributes,region_count,region_id,region_shape_attributes,region_attributes',
  'adutta_swan.jpg,62201,"{""caption"":""swan""}",2,0,"{""name"":""rect"",""x"":116,""y"":157,""width"":573,""height"":359}","{""class"":""bird"",""pose"":""swimming""}"',
  'adutta_swan.jpg,62201,"{""caption"":""swan""}",2,1,"{""name"":""point"",""cx"":402,""cy"":201}","{""class"":""eye""}"',
  'empty.png,120,"{}",0,0,"{}","{}"',
].join('\n');

export const csvTree = () =>
  memoryTree({ 'via_export_csv.csv': CSV, 'adutta_swan.jpg': 'x', 'empty.png': 'x' });
