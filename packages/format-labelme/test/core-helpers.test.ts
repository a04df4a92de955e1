// What moved onto core's helpers (XML tree, escapers, saveMedia, binary mask PNGs) and what stayed.
import { bitmapMask, Dataset, loadMask, memorySink, memoryTree } from '@labelport/core';
import { decodePng, encodePng } from '@labelport/core/png';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { labelme, labelmeJson } from '../src/index.js';

const polygon =
  '<polygon><pt><x>0</x><y>0</y></pt><pt><x>2</x><y>0</y></pt><pt><x>2</x><y>2</y></pt></polygon>';

describe('LabelMe XML on core XML tree', () => {
  it('names the file and the line where the XML breaks', async () => {
    const tree = memoryTree({ 'a.xml': '<annotation>\n<object><name>x</name>\n</annotation>' });
    await expect(readAll(labelme, tree)).rejects.toThrow(
      'a.xml: line 3: invalid XML: </annotation> closes <object> (line 2)',
    );
  });

  it('names the line of the object in error, past comments that mention <object>', async () => {
    const xml = `<annotation><filename>a.jpg</filename>\n<!-- <object> -->\n<object><name>x</name><id>q</id>${polygon}</object></annotation>`;
    await expect(readAll(labelme, memoryTree({ 'a.xml': xml }))).rejects.toThrow(
      "a.xml: object 0 (line 3): <id> 'q' is not a whole number",
    );
  });

  it('round-trips names, attributes and ids with XML specials and entities', async () => {
    const name = 'a & b <c> "d"';
    const ds = new Dataset({ labels: [{ name }] }, [
      {
        id: 'x&y',
        subset: 's',
        attributes: {},
        media: { kind: 'image', width: 4, height: 4 },
        annotations: [{ type: 'polygon', points: [0, 0, 2, 0, 2, 2], label: 0, attributes: { note: '<&>' } }],
      },
    ]);
    const { dataset, tree } = await writeAndReadBack(labelme, ds);
    const xml = new TextDecoder().decode(await tree.read('Annotations/s/x&y.xml'));
    expect(xml).toContain('<name>a &amp; b &lt;c&gt; "d"</name>');
    expect(dataset.categories.labels.map((l) => l.name)).toEqual([name]);
    expect(dataset.get('s', 'x&y')?.annotations[0]?.attributes.note).toBe('<&>');
  });
});

describe('LabelMe masks', () => {
  it('reads a black object on a transparent background as set (alpha counts, as in Datumaro)', async () => {
    const rgba = new Uint8Array(4 * 2 * 4);
    rgba.set([0, 0, 0, 255], 0); // pixel (0, 0): black, opaque
    const xml = `<annotation><filename>a.jpg</filename><folder>s</folder><imagesize><nrows>2</nrows><ncols>4</ncols></imagesize>
<object><name>x</name><id>0</id><segm><mask>m.png</mask></segm></object></annotation>`;
    const tree = memoryTree({
      'Annotations/s/a.xml': xml,
      'Masks/s/m.png': encodePng({ width: 4, height: 2, colorType: 'rgba', data: rgba }),
    });
    const ds = await readAll(labelme, tree);
    const a = ds.get('s', 'a')?.annotations[0];
    if (a?.type !== 'mask') throw new Error('expected a mask');
    expect([...(await loadMask(a.mask)).data]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('labelme JSON writes a mask shape as an 8-bit gray PNG of 0 and 255', async () => {
    const data = new Uint8Array(16);
    data[5] = 1;
    data[6] = 1;
    const ds = new Dataset({ labels: [{ name: 'm' }] }, [
      {
        id: 'a',
        subset: 'default',
        attributes: {},
        media: { kind: 'image', width: 4, height: 4 },
        annotations: [
          { type: 'mask', label: 0, mask: bitmapMask({ width: 4, height: 4, data }), attributes: {} },
        ],
      },
    ]);
    const { tree, dataset } = await writeAndReadBack(labelmeJson, ds);
    const doc = JSON.parse(new TextDecoder().decode(await tree.read('a.json')));
    const png = decodePng(Buffer.from(doc.shapes[0].mask, 'base64'));
    expect(png).toMatchObject({ colorType: 'gray', bitDepth: 8, width: 2, height: 1 });
    expect([...png.data]).toEqual([255, 255]);
    const back = dataset.get('default', 'a')?.annotations[0];
    if (back?.type !== 'mask') throw new Error('expected a mask');
    expect([...(await loadMask(back.mask)).data]).toEqual([...data]);
  });

  it('labelme JSON: a mask that is not a PNG is an error naming the file', async () => {
    const doc = {
      shapes: [
        {
          label: 'm',
          shape_type: 'mask',
          points: [
            [0, 0],
            [1, 1],
          ],
          mask: 'AAAA',
        },
      ],
      imagePath: 'a.jpg',
      imageWidth: 4,
      imageHeight: 4,
    };
    const ds = await readAll(labelmeJson, memoryTree({ 'a.json': JSON.stringify(doc) }));
    const a = ds.get('default', 'a')?.annotations[0];
    if (a?.type !== 'mask') throw new Error('expected a mask');
    await expect(loadMask(a.mask)).rejects.toThrow(/^a\.json: /);
  });
});

describe('saveMedia', () => {
  const items = () =>
    new Dataset({ labels: [] }, [
      {
        id: 'a',
        subset: 'default',
        attributes: {},
        annotations: [],
        media: { kind: 'image', path: 'a.PNG', bytes: async () => new Uint8Array([7]) },
      },
      {
        id: 'b',
        subset: 'default',
        attributes: {},
        annotations: [],
        media: { kind: 'image', path: 'b.jpg' },
      },
    ]);

  it('LabelMe XML keeps the extension and counts an image without bytes', async () => {
    const sink = memorySink();
    const report = await labelme.write?.(items(), sink, { saveMedia: true });
    await sink.commit();
    expect([...sink.files.keys()].filter((p) => p.startsWith('Images/'))).toEqual(['Images/default/a.PNG']);
    expect(report?.dropped).toEqual({ media: 1 });
  });

  it('labelme JSON counts an image referenced without bytes', async () => {
    const sink = memorySink();
    const report = await labelmeJson.write?.(items(), sink, { saveMedia: true });
    await sink.commit();
    // labelme's imagePath lower-cases the extension (labelmeImagePath)
    expect(sink.files.get('a.png')).toEqual(new Uint8Array([7]));
    expect(report?.dropped).toEqual({ media: 1 });
  });
});
