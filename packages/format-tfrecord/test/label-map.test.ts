import { describe, expect, it } from 'vitest';
import { formatLabelMap, parseLabelMap } from '../src/lib/label-map-pbtxt.js';

describe('label_map.pbtxt', () => {
  it('reads items with fields in any order, either quote, comments and separators', () => {
    const text = `# a comment
item {
  id: 1
  name: 'cat'   # trailing comment
}
item { name: "dog" id: 2 display_name: "Dog" }
item {name:'bird', id:3;}
item <
  id: 4
  name: 'fish'
>
`;
    expect(parseLabelMap(text, 'label_map.pbtxt')).toEqual([
      { id: 1, name: 'cat' },
      { id: 2, name: 'dog', displayName: 'Dog' },
      { id: 3, name: 'bird' },
      { id: 4, name: 'fish' },
    ]);
  });

  it('skips unknown fields and nested messages', () => {
    const text = `item {
  name: "person"
  id: 1
  frequency: FREQUENT
  instance_count: 12
  keypoints { id: 0 label: "nose" }
  keypoints: { id: 1 label: "eye" }
  ratio: 0.5
}`;
    expect(parseLabelMap(text, 'f')).toEqual([{ id: 1, name: 'person' }]);
  });

  it('reads C escapes, octal UTF-8 bytes included', () => {
    const text =
      String.raw`item { id: 1 name: 'it\'s' } item { id: 2 name: "caf\303\251 \"x\"" } item { id: 3 name: 'na\u00efve' }`.replace(
        '\\u00ef',
        '\u00ef',
      );
    expect(parseLabelMap(text, 'f').map((i) => i.name)).toEqual(["it's", 'café "x"', 'na\u00efve']);
  });

  it('writes items as Datumaro does and reads them back', () => {
    const names = ['label_0', "o'clock", 'back\\slash'];
    const text = formatLabelMap(names);
    expect(text.startsWith("item {\n\tid: 1\n\tname: 'label_0'\n}\n\n")).toBe(true);
    expect(parseLabelMap(text, 'f')).toEqual(names.map((name, i) => ({ id: i + 1, name })));
  });

  it('says where the file is wrong', () => {
    expect(() => parseLabelMap("item {\n  id: 1\n  name: 'x\n}", 'lm.pbtxt')).toThrow(
      /^lm\.pbtxt: line 3: a string is not closed$/,
    );
    expect(() => parseLabelMap('item {\n  id: one\n}', 'lm.pbtxt')).toThrow(
      /^lm\.pbtxt: line 2: id must be an integer/,
    );
    expect(() => parseLabelMap('item {\n  id: 1\n', 'lm.pbtxt')).toThrow(
      /^lm\.pbtxt: line 2: the file ends too early/,
    );
    expect(() => parseLabelMap('item { id: 1 } }', 'lm.pbtxt')).toThrow(
      /^lm\.pbtxt: line 1: expected 'item', got '}'/,
    );
  });
});
