import { Dataset, type DatasetItem, memoryTree } from '@labelport/core';
import { describeFormat, readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { via } from '../src/via.js';
import { balloonTree, CSV, csvTree, PROJECT, projectTree } from './fixtures.js';

const item = (
  id: string,
  subset: string,
  annotations: DatasetItem['annotations'],
  attributes = {},
): DatasetItem => ({
  id,
  subset,
  media: { kind: 'image', path: `${id}.jpg` },
  annotations,
  attributes,
});

const shapes = () =>
  new Dataset({ labels: [{ name: 'cat' }, { name: 'dog' }] }, [
    item(
      'a',
      'default',
      [
        { type: 'bbox', label: 0, x: 1, y: 2, w: 3, h: 4, attributes: { occluded: true, note: 'left' } },
        { type: 'polygon', label: 1, points: [0, 0, 10, 0, 10, 10], attributes: {} },
        { type: 'polyline', points: [1, 1, 5, 5], attributes: {} },
        { type: 'ellipse', label: 0, x1: 10, y1: 20, x2: 30, y2: 60, attributes: {} },
        { type: 'points', label: 1, points: [7, 8], visibility: [2], attributes: {} },
      ],
      { weather: 'rain', file_size: 1234 },
    ),
    item('b', 'train', [{ type: 'bbox', label: 1, x: 0.5, y: 0, w: 10.25, h: 5, attributes: {} }]),
    item('c', 'train', []),
  ]);

describeFormat(via, {
  fixtures: [
    {
      name: 'VIA 2.0.10 project (Save Project), label attribute type, option names',
      tree: projectTree,
      readOptions: { labelAttribute: 'type' },
      expect: {
        items: 2,
        subsets: { default: 2 },
        annotations: { bbox: 1, polygon: 2, ellipse: 2, points: 1, polyline: 1 },
        labels: ['Bird', 'Human', 'Cup (object)', 'Unknown (object)'],
      },
      check(ds) {
        const s = ds.get('default', 'wikimedia_death_of_socrates')!;
        expect(s.media?.path).toBe('wikimedia_death_of_socrates.jpg');
        expect(s.attributes).toEqual({ caption: '', public_domain: 'yes', image_url: '', file_size: 78144 });
        expect(s.annotations[0]).toMatchObject({
          type: 'polygon',
          label: 1,
          points: [174, 97, 191, 93, 204, 121, 185, 126],
          attributes: { name: 'Socrates', image_quality: '{"frontal":true,"good_illumination":true}' },
        });
        expect(s.annotations[1]).toMatchObject({ type: 'ellipse', x1: 297, y1: 84, x2: 337, y2: 144 });
        expect(s.annotations[2]).toMatchObject({ type: 'ellipse', x1: 440, y1: 219, x2: 464, y2: 243 });
        expect(s.annotations[3]).toMatchObject({ type: 'points', points: [58, 304], visibility: [2] });
        // theta 30 degrees: the upright model cannot hold it, a polygon of 72 points does
        expect(s.annotations[5]).toMatchObject({ type: 'polygon', label: 3 });
        const swan = ds.get('default', 'swan')!;
        expect(swan.media?.path).toContain('http://www.robots.ox.ac.uk/');
        expect(swan.attributes.file_size).toBeUndefined();
      },
    },
    {
      name: 'Matterport balloon: annotations alone per subset folder, VIA 1.x regions object',
      tree: balloonTree,
      expect: { items: 3, subsets: { train: 2, val: 1 }, annotations: { polygon: 3 }, labels: [] },
      check(ds) {
        const b = ds.get('val', '24631331976_defa3bb61f_k')!;
        expect(b.media?.path).toBe('val/24631331976_defa3bb61f_k.jpg');
        expect(b.annotations[0]).toMatchObject({ type: 'polygon', points: [916, 515, 913, 583, 905, 616] });
      },
    },
    {
      name: 'VIA 2 CSV export',
      tree: csvTree,
      expect: { items: 2, annotations: { bbox: 1, points: 1 }, labels: ['bird', 'eye'] },
      check(ds) {
        const swan = ds.get('default', 'adutta_swan')!;
        expect(swan.attributes).toEqual({ caption: 'swan', file_size: 62201 });
        expect(swan.annotations[0]).toMatchObject({
          type: 'bbox',
          label: 0,
          attributes: { pose: 'swimming' },
        });
        expect(ds.get('default', 'empty')!.annotations).toEqual([]);
      },
    },
  ],
  roundTrips: [
    { name: 'every shape, attributes, two subsets (project)', source: shapes },
    { name: 'the annotations alone', source: shapes, writeOptions: { layout: 'annotations' } },
    { name: 'CSV', source: shapes, writeOptions: { layout: 'csv' } },
    { name: 'another label attribute', source: shapes, writeOptions: { labelAttribute: 'class' } },
  ],
  badInputs: [
    {
      name: 'a polygon whose lists differ in length',
      tree: memoryTree({
        'p.json': JSON.stringify({
          'a.jpg1': {
            filename: 'a.jpg',
            size: 1,
            regions: [
              {
                shape_attributes: { name: 'polygon', all_points_x: [1, 2, 3], all_points_y: [1, 2] },
                region_attributes: {},
              },
            ],
            file_attributes: {},
          },
        }),
      }),
      code: 'bad-field',
      message: 'p.json: ["a.jpg1"].regions[0].shape_attributes: all_points_x has 3 values',
    },
    {
      name: 'a shape VIA does not have',
      tree: memoryTree({
        'p.json': JSON.stringify({
          ...PROJECT,
          _via_img_metadata: {
            'a.jpg1': {
              filename: 'a.jpg',
              size: 1,
              regions: [{ shape_attributes: { name: 'star' }, region_attributes: {} }],
              file_attributes: {},
            },
          },
          _via_image_id_list: ['a.jpg1'],
        }),
      }),
      code: 'bad-field',
      message: '_via_img_metadata["a.jpg1"].regions[0].shape_attributes.name',
    },
    {
      name: 'a rect without its height',
      tree: memoryTree({
        'p.json': JSON.stringify({
          'a.jpg1': {
            filename: 'a.jpg',
            size: 1,
            regions: [{ shape_attributes: { name: 'rect', x: 1, y: 1, width: 2 }, region_attributes: {} }],
            file_attributes: {},
          },
        }),
      }),
      code: 'bad-field',
      message: "'height' is missing",
    },
    {
      name: 'broken JSON in a CSV cell',
      tree: memoryTree({ 'v.csv': CSV.replace('""name"":""point""', '""name"":""point') }),
      code: 'bad-json',
      message: 'v.csv: line 3, region_shape_attributes',
    },
    {
      name: 'a truncated project',
      tree: memoryTree({ 'p.json': JSON.stringify(PROJECT).slice(0, 200) }),
      code: 'bad-json',
    },
  ],
});

describe('via details', () => {
  it('writes a project VIA opens: the five keys, the label attribute a dropdown of every label', async () => {
    const { tree } = await writeAndReadBack(via, shapes());
    const text = new TextDecoder().decode(await tree.read('via_project.json'));
    expect(text.includes('\n')).toBe(false);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual([
      '_via_settings',
      '_via_img_metadata',
      '_via_attributes',
      '_via_data_format_version',
      '_via_image_id_list',
    ]);
    expect(doc._via_settings.ui.image.region_label).toBe('label');
    expect(doc._via_attributes.region.label).toEqual({
      type: 'dropdown',
      description: '',
      options: { cat: '', dog: '' },
      default_options: {},
    });
    expect(doc._via_attributes.file).toEqual({
      weather: { type: 'text', description: '', default_value: '' },
    });
    expect(doc._via_image_id_list).toEqual(['a.jpg1234']);
    expect(doc._via_img_metadata['a.jpg1234']).toEqual({
      filename: 'a.jpg',
      size: 1234,
      regions: [
        {
          shape_attributes: { name: 'rect', x: 1, y: 2, width: 3, height: 4 },
          region_attributes: { label: 'cat', occluded: true, note: 'left' },
        },
        {
          shape_attributes: { name: 'polygon', all_points_x: [0, 10, 10], all_points_y: [0, 0, 10] },
          region_attributes: { label: 'dog' },
        },
        {
          shape_attributes: { name: 'polyline', all_points_x: [1, 5], all_points_y: [1, 5] },
          region_attributes: {},
        },
        {
          shape_attributes: { name: 'ellipse', cx: 20, cy: 40, rx: 10, ry: 20, theta: 0 },
          region_attributes: { label: 'cat' },
        },
        { shape_attributes: { name: 'point', cx: 7, cy: 8 }, region_attributes: { label: 'dog' } },
      ],
      file_attributes: { weather: 'rain' },
    });
    expect(await tree.exists('train/via_project.json')).toBe(true);
  });

  it("writes VIA's CSV export byte for byte", async () => {
    const ds = new Dataset({ labels: [{ name: 'bird' }, { name: 'eye' }] }, [
      item(
        'adutta_swan',
        'default',
        [
          { type: 'bbox', label: 0, x: 116, y: 157, w: 573, h: 359, attributes: { pose: 'swimming' } },
          { type: 'points', label: 1, points: [402, 201], visibility: [2], attributes: {} },
        ],
        { caption: 'swan', file_size: 62201 },
      ),
      { ...item('empty', 'default', [], { file_size: 120 }), media: { kind: 'image', path: 'empty.png' } },
    ]);
    const { tree } = await writeAndReadBack(via, ds, { layout: 'csv', labelAttribute: 'class' });
    expect(new TextDecoder().decode(await tree.read('via_export_csv.csv'))).toBe(CSV);
  });

  it('keeps a project it read: option ids, attribute definitions, the label attribute', async () => {
    const first = await readAll(via, projectTree(), { labelAttribute: 'type' });
    const { tree, dataset } = await writeAndReadBack(via, first);
    const doc = JSON.parse(new TextDecoder().decode(await tree.read('via_project.json')));
    expect(doc._via_attributes.region.type.options).toEqual(PROJECT._via_attributes.region.type.options);
    expect(doc._via_attributes.region.image_quality).toEqual(PROJECT._via_attributes.region.image_quality);
    const rect = doc._via_img_metadata[Object.keys(doc._via_img_metadata)[0]!].regions[0];
    expect(rect.region_attributes).toEqual({
      type: 'bird',
      name: 'swan',
      image_quality: { good_illumination: true },
    });
    expect(dataset.categories.labels.map((l) => l.name)).toEqual([
      'Bird',
      'Human',
      'Cup (object)',
      'Unknown (object)',
    ]);
  });

  it('writes a turned ellipse with its theta; reads a turned one as a polygon, with a warning', async () => {
    const ds = new Dataset({ labels: [] }, [
      item('a', 'default', [{ type: 'ellipse', x1: 0, y1: 0, x2: 20, y2: 10, attributes: { rotation: 90 } }]),
    ]);
    const { tree, report } = await writeAndReadBack(via, ds, { layout: 'annotations' });
    expect(report.dropped).toEqual({});
    const doc = JSON.parse(new TextDecoder().decode(await tree.read('via_export_json.json')));
    expect(doc['a.jpg-1'].regions[0].shape_attributes).toEqual({
      name: 'ellipse',
      cx: 10,
      cy: 5,
      rx: 10,
      ry: 5,
      theta: Math.PI / 2,
    });
    // a quarter turn keeps the axes upright: the ellipse with its radii swapped
    expect((await readAll(via, tree)).get('default', 'a')!.annotations[0]).toMatchObject({
      x1: 5,
      y1: -5,
      x2: 15,
      y2: 15,
    });
    const warnings: string[] = [];
    const turned = await readAll(via, projectTree(), { onWarning: (w: string) => warnings.push(w) });
    expect(turned.get('default', 'wikimedia_death_of_socrates')!.annotations[5]!.type).toBe('polygon');
    expect(warnings.join('\n')).toMatch(/1 ellipse\(s\) turned by theta were read as polygons/);
  });

  it('writes one region per object: the box of an outlined object goes, and what stays tied is counted', async () => {
    const ds = new Dataset({ labels: [{ name: 'x' }] }, [
      item('a', 'default', [
        { type: 'bbox', label: 0, x: 0, y: 0, w: 2, h: 2, group: 0, attributes: {} },
        { type: 'polygon', label: 0, points: [0, 0, 2, 0, 2, 2], group: 0, attributes: {} },
        { type: 'polygon', label: 0, points: [5, 5, 6, 5, 6, 6], group: 1, attributes: {} },
        { type: 'polygon', label: 0, points: [7, 7, 8, 7, 8, 8], group: 1, attributes: {} },
      ]),
    ]);
    const { report, dataset } = await writeAndReadBack(via, ds);
    expect(report.dropped).toEqual({ bbox: 1, group: 2 });
    expect(dataset.get('default', 'a')!.annotations.map((a) => a.type)).toEqual([
      'polygon',
      'polygon',
      'polygon',
    ]);
  });

  it('counts what VIA cannot hold', async () => {
    const ds = new Dataset({ labels: [{ name: 'x' }] }, [
      item('a', 'default', [
        { type: 'label', label: 0, attributes: {} },
        { type: 'caption', caption: 'hi', attributes: {} },
        { type: 'points', label: 0, points: [1, 1, 2, 2, 3, 3], visibility: [2, 0, 1], attributes: {} },
        { type: 'bbox', label: 0, x: 0, y: 0, w: 1, h: 1, group: 3, attributes: {} },
      ]),
    ]);
    const { report, dataset } = await writeAndReadBack(via, ds);
    // a group of one shape ties nothing: no loss
    expect(report.dropped).toEqual({ label: 1, caption: 1, point: 1 });
    expect(report.converted).toEqual({ 'points->point shapes': 1 });
    expect(report.warnings.join('\n')).toMatch(/no image-level labels/);
    expect(dataset.get('default', 'a')!.annotations.filter((a) => a.type === 'points')).toHaveLength(2);
  });

  it('is not taken for another JSON or CSV', async () => {
    const other = memoryTree({
      'instances.json': JSON.stringify({ images: [], annotations: [], categories: [] }),
      'labels.csv': 'filename,label\na.jpg,cat\n',
      'list.json': '[{"filename": "a.jpg", "regions": []}]',
    });
    await expect(readAll(via, other)).rejects.toThrow(/no VIA project/);
  });
});
