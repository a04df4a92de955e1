import { type Categories, type FileTree, memoryTree } from '@labelport/core';

// Small CVAT XML samples written for these tests (not from the corpus).

const svg =
  '&lt;line x1="1" y1="1" x2="2" y2="2" data-type="edge" data-node-from="1" data-node-to="2"&gt;&lt;/line&gt;' +
  '&lt;line x1="2" y1="2" x2="3" y2="3" data-type="edge" data-node-from="2" data-node-to="3"&gt;&lt;/line&gt;' +
  '&lt;circle r="1.5" cx="1" cy="1" data-type="element node" data-element-id="1" data-node-id="1" data-label-name="head"&gt;&lt;/circle&gt;' +
  '&lt;circle r="1.5" cx="2" cy="2" data-type="element node" data-element-id="2" data-node-id="2" data-label-name="body"&gt;&lt;/circle&gt;' +
  '&lt;circle r="1.5" cx="3" cy="3" data-type="element node" data-element-id="3" data-node-id="3" data-label-name="tail"&gt;&lt;/circle&gt;';

export const LABELS = `
      <labels>
        <label>
          <name>car</name>
          <color>#ff0000</color>
          <attributes>
            <attribute><name>parked</name><input_type>checkbox</input_type><default_value>false</default_value><values>false
true</values></attribute>
            <attribute><name>speed</name><input_type>number</input_type><default_value>0</default_value><values>0
100
1</values></attribute>
            <attribute><name>model</name><input_type>text</input_type><default_value></default_value><values></values></attribute>
            <attribute><name>kind</name><input_type>select</input_type><default_value>1</default_value><values>1
2</values></attribute>
          </attributes>
        </label>
        <label><name>person</name><color>#00ff00</color><attributes></attributes></label>
        <label><name>s1</name><type>skeleton</type><attributes></attributes><svg>${svg}</svg></label>
        <label><name>head</name><type>points</type><attributes></attributes><parent>s1</parent></label>
        <label><name>body</name><type>points</type><attributes></attributes><parent>s1</parent></label>
        <label><name>tail</name><type>points</type><attributes></attributes><parent>s1</parent></label>
        <label><name>good</name><attributes></attributes></label>
      </labels>`;

/** Every kind of shape on two images: 10 annotations in all. */
export const IMAGES_XML = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta>
    <task>
      <id>1</id>
      <name>shapes</name>
      <size>2</size>
      <mode>annotation</mode>${LABELS}
    </task>
  </meta>
  <image id="0" name="a.jpg" width="6" height="5">
    <box label="car" source="manual" occluded="1" xtl="1.5" ytl="1" xbr="4" ybr="3.25" rotation="30" z_order="2" group_id="7">
      <attribute name="parked">true</attribute>
      <attribute name="speed">42.5</attribute>
      <attribute name="model">0042</attribute>
      <attribute name="kind">2</attribute>
    </box>
    <ellipse label="person" occluded="0" cx="3" cy="2" rx="2" ry="1" rotation="10" z_order="0"></ellipse>
    <polygon label="car" occluded="0" points="0,0;4,0;4,4" z_order="1" group_id="7"></polygon>
    <polyline label="person" points="1,1;2,2"/>
    <points label="person" occluded="0" points="1,2;3,4;5,6"></points>
    <mask label="car" source="auto" occluded="0" rle="1, 2, 1, 2" left="1" top="1" width="3" height="2" z_order="0"></mask>
    <tag label="good" source="manual"></tag>
  </image>
  <image id="5" name="sub/b.png" width="10" height="8">
    <cuboid label="car" occluded="0" xtl1="1" ytl1="2" xbl1="1" ybl1="5" xtr1="4" ytr1="2" xbr1="4" ybr1="5" xtl2="2" ytl2="1" xbl2="2" ybl2="4" xtr2="5" ytr2="1" xbr2="5" ybr2="4" z_order="0"></cuboid>
    <skeleton label="s1" source="manual" z_order="3">
      <points label="head" occluded="0" outside="0" points="1,1"></points>
      <points label="body" occluded="1" outside="0" points="2,2"></points>
      <points label="tail" occluded="0" outside="1" points="3,3"></points>
    </skeleton>
    <box label="person" occluded="0" xtl="0" ytl="0" xbr="1" ybr="1"></box>
  </image>
</annotations>
`;

/**
 * A video task: track 0 (box, keyframes on 0 and 4, outside on 6), track 1 (skeleton on 2),
 * track 2 (mask on 4). Frame filter step=2, frames 0..8.
 */
export const VIDEO_XML = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta>
    <task>
      <id>2</id>
      <name>video</name>
      <size>5</size>
      <mode>interpolation</mode>
      <start_frame>0</start_frame>
      <stop_frame>8</stop_frame>
      <frame_filter>step=2</frame_filter>${LABELS}
      <original_size><width>20</width><height>10</height></original_size>
    </task>
  </meta>
  <track id="0" label="car" source="manual">
    <box frame="0" keyframe="1" outside="0" occluded="0" xtl="0" ytl="0" xbr="4" ybr="2" z_order="0">
      <attribute name="speed">10</attribute>
    </box>
    <box frame="4" keyframe="1" outside="0" occluded="1" xtl="8" ytl="4" xbr="12" ybr="6" z_order="0">
      <attribute name="speed">20</attribute>
    </box>
    <box frame="6" keyframe="1" outside="1" occluded="0" xtl="8" ytl="4" xbr="12" ybr="6" z_order="0">
      <attribute name="speed">20</attribute>
    </box>
  </track>
  <track id="1" label="s1" source="manual">
    <skeleton frame="2" keyframe="1" z_order="0">
      <points label="head" keyframe="1" outside="0" occluded="0" points="1,1"></points>
      <points label="body" keyframe="1" outside="0" occluded="0" points="2,2"></points>
      <points label="tail" keyframe="1" outside="1" occluded="0" points="3,3"></points>
    </skeleton>
  </track>
  <track id="2" label="person">
    <mask frame="4" keyframe="1" outside="0" occluded="0" rle="0, 2, 2" left="18" top="8" width="2" height="2" z_order="1"></mask>
  </track>
</annotations>
`;

/** A minimal file around one `<image>` body, for bad-input tests. */
export const withImage = (body: string) => `<annotations>
  <version>1.1</version>
  <meta><task><labels><label><name>car</name></label></labels></task></meta>
  <image id="0" name="a.jpg" width="4" height="4">
${body}
  </image>
</annotations>
`;

/** The categories IMAGES_XML declares, for datasets built in code. */
export const categories = (): Categories => ({
  labels: [
    { name: 'car', attributes: ['parked', 'speed', 'model'] },
    { name: 'person' },
    { name: 's1' },
    { name: 'head', parent: 's1' },
    { name: 'body', parent: 's1' },
    { name: 'tail', parent: 's1' },
    { name: 'good' },
  ],
  colors: new Map([
    [0, [255, 0, 0]],
    [1, [0, 255, 0]],
  ]),
  skeletons: new Map([
    [
      2,
      {
        points: ['head', 'body', 'tail'],
        edges: [
          [0, 1],
          [1, 2],
        ],
      },
    ],
  ]),
});

/** A tree of one file whose stream hands out `step` bytes at a time. */
export function chunkedTree(path: string, bytes: Uint8Array, step: number): FileTree {
  const base = memoryTree({ [path]: bytes });
  return {
    name: 'chunked',
    list: () => base.list(),
    stat: (p: string) => base.stat(p),
    exists: (p: string) => base.exists(p),
    read: (p: string) => base.read(p),
    readRange: (p: string, s: number, e: number) => base.readRange(p, s, e),
    sub: (p: string) => base.sub(p),
    async *stream() {
      for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, i + step);
    },
  };
}
