import { Dataset } from '@labelport/core';
import { writeAndReadBack } from '@labelport/core/testing';
import { describe, expect, it } from 'vitest';
import { lfw } from '../src/index.js';
import { personField, personName } from '../src/lib/lfw-names.js';

// Open Images' label ids are absolute-looking paths; LFW's person names are folders and fields.
const NAMES = ['/m/01g317', 'a%2Fb', '-', 'tab\there', ' padded ', 'Aaron_Peirsol'];

const source = () =>
  new Dataset(
    { labels: NAMES.map((name) => ({ name })) },
    NAMES.map((_, i) => ({
      id: `img${i}`,
      subset: 'test',
      media: { kind: 'image' as const, path: `img${i}.jpg`, bytes: async () => Uint8Array.of(i) },
      annotations: [{ type: 'label' as const, label: i, attributes: {} }],
      attributes: {},
    })),
  );

describe('lfw: label names that are not safe person fields or folders', () => {
  it('escapes them reversibly', () => {
    for (const n of [...NAMES, '', '.', '..', '%', '100%']) expect(personName(personField(n))).toBe(n);
    expect(personField('/m/01g317')).toBe('%2Fm%2F01g317');
    expect(personField('Aaron_Peirsol')).toBe('Aaron_Peirsol');
  });

  it('writes them escaped and reads the names back, with a warning', async () => {
    const { dataset, report, tree } = await writeAndReadBack(lfw, source(), { saveMedia: true });
    expect(report.dropped).toEqual({});
    expect(report.warnings.join('\n')).toMatch(/5 label name\(s\) .* percent-escaped/);
    expect(await tree.exists('test/images/%2Fm%2F01g317/img0.jpg')).toBe(true);
    const names = dataset.categories.labels.map((l) => l.name);
    expect([...names].sort()).toEqual([...NAMES].sort());
    for (const item of dataset) {
      const i = Number(item.id.replace(/^img/, ''));
      expect(names[item.annotations[0]!.label!]).toBe(NAMES[i]);
    }
  });
});
