import { Dataset, memoryTree } from '@labelport/core';
import { readAll, writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { cvat } from '../src/index.js';

/**
 * CVAT for images 1.1 in the shape of CVAT's documentation example: pretty-printed with
 * whitespace-only element text (`<attributes>\n</attributes>`, `<box ...>\n</box>`), Python-style
 * booleans (`<flipped>False</flipped>`, attribute values `True`/`False`), and a `<tag>` whose label
 * is not declared in `<meta>`.
 */
const DOC_XML = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta>
    <task>
      <id>4</id>
      <name>segmentation</name>
      <size>2</size>
      <mode>annotation</mode>
      <overlap>0</overlap>
      <bugtracker></bugtracker>
      <flipped>False</flipped>
      <created>2018-09-25 11:34:24.617558+03:00</created>
      <updated>2018-09-25 11:38:27.301183+03:00</updated>
      <labels>
        <label>
          <name>car</name>
          <attributes>
            <attribute>
              <name>parked</name>
              <mutable>False</mutable>
              <input_type>checkbox</input_type>
              <default_value>false</default_value>
              <values>false</values>
            </attribute>
          </attributes>
        </label>
        <label>
          <name>traffic_line</name>
          <attributes>
          </attributes>
        </label>
      </labels>
      <segments>
        <segment>
          <id>4</id>
          <start>0</start>
          <stop>1</stop>
          <url>http://localhost:8080/?id=4</url>
        </segment>
      </segments>
      <owner>
        <username>admin</username>
        <email></email>
      </owner>
    </task>
    <dumped>2018-09-25 11:38:28.799808+03:00</dumped>
  </meta>
  <image id="0" name="filename000.jpg" width="1600" height="1200">
    <box label="car" xtl="1.00" ytl="2.00" xbr="3.00" ybr="4.00" occluded="0" z_order="1">
      <attribute name="parked">True</attribute>
      <attribute name="note">False</attribute>
      <attribute name="comment">  </attribute>
    </box>
    <polyline label="traffic_line" points="10.0,20.0;30.0,40.0" occluded="False" z_order="0">
    </polyline>
    <tag label="daytime" source="manual">
    </tag>
  </image>
  <image id="1" name="filename001.jpg" width="1600" height="1200">
    <tag label="daytime" source="manual">
    </tag>
  </image>
</annotations>
`;

describe('cvat as CVAT documents it', () => {
  // one file, annotations.xml: its items are the subset 'annotations' (named after the file, as Datumaro)
  it('reads whitespace-only text, Python-style booleans and an undeclared tag label (declared, one warning)', async () => {
    const warnings: string[] = [];
    const ds = await readAll(cvat, memoryTree({ 'annotations.xml': DOC_XML }), {
      onWarning: (m: string) => warnings.push(m),
    });
    expect(ds.categories.labels.map((l) => l.name)).toEqual(['car', 'traffic_line', 'daytime']);
    expect(warnings.filter((w) => /daytime/.test(w))).toHaveLength(1);
    const [box, line, tag] = ds.get('annotations', 'filename000')!.annotations;
    expect(box).toMatchObject({
      type: 'bbox',
      label: 0,
      attributes: { parked: true, note: false, occluded: false },
    });
    expect(box!.attributes.comment).toBe('  ');
    expect(line).toMatchObject({ type: 'polyline', label: 1, attributes: { occluded: false } });
    expect(tag).toMatchObject({ type: 'label', label: 2 });
    expect(ds.get('annotations', 'filename001')!.annotations).toMatchObject([{ type: 'label', label: 2 }]);
  });
});

describe('cvat groups', () => {
  it('writes group 0 onto a free group_id (CVAT reads 0 as none), keeping groups >= 1', async () => {
    const box = (x: number, group?: number) => ({
      type: 'bbox' as const,
      x,
      y: 0,
      w: 1,
      h: 1,
      label: 0,
      ...(group !== undefined ? { group } : {}),
      attributes: {},
    });
    const ds = new Dataset({ labels: [{ name: 'a' }] }, [
      {
        id: 'x',
        subset: 'default',
        attributes: {},
        media: { kind: 'image', width: 10, height: 10 },
        annotations: [box(0, 0), box(1, 0), box(2, 1), box(3)],
      },
    ]);
    const { dataset } = await writeAndReadBack(cvat, ds);
    const groups = dataset.get('default', 'x')!.annotations.map((a) => a.group);
    expect(groups).toEqual([2, 2, 1, undefined]);
  });
});

describe('cvat report of label parents', () => {
  it("counts COCO's supercategories once, as a loss, with one warning, over all subsets", async () => {
    const labels = Array.from({ length: 80 }, (_, i) => ({
      name: `c${i}`,
      parent: i < 40 ? 'animal' : 'thing',
    }));
    const item = (subset: string) => ({
      id: 'a',
      subset,
      attributes: {},
      media: { kind: 'image' as const, width: 10, height: 10 },
      annotations: [{ type: 'bbox' as const, x: 0, y: 0, w: 1, h: 1, label: 0, attributes: {} }],
    });
    const { report } = await writeAndReadBack(cvat, new Dataset({ labels }, [item('train'), item('val')]));
    expect(report.dropped).toEqual({ 'label parent': 80 });
    expect(report.warnings.filter((w) => /hierarchy/.test(w))).toHaveLength(1);
  });
});
