import { DatasetError } from '@labelport/core';
import {
  ProtobufCursor,
  ProtobufReader,
  varintSize,
  WIRE_FIXED32,
  WIRE_LEN,
  WIRE_VARINT,
} from './protobuf-wire.js';

/**
 * tf.train.Example:
 *   Example  { Features features = 1; }
 *   Features { map<string, Feature> feature = 1; }
 *   Feature  { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
 *   BytesList { repeated bytes value = 1; }  FloatList { repeated float value = 1 [packed]; }
 *   Int64List { repeated int64 value = 1 [packed]; }
 * Readers accept packed and unpacked repeated numbers (and a mix); the writer packs them.
 */
export type Feature =
  | { kind: 'bytes'; values: Uint8Array[] }
  | { kind: 'float'; values: number[] }
  | { kind: 'int64'; values: number[] };

export type Features = Map<string, Feature>;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function readBytesList(r: ProtobufReader, values: Uint8Array[]) {
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_LEN) values.push(r.bytes());
    else r.skip(wire);
  }
}

function readFloatList(r: ProtobufReader, values: number[]) {
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_LEN) {
      const { start, end } = r.lengthDelimited();
      if ((end - start) % 4 !== 0)
        throw new DatasetError('bad-binary', `packed floats of ${end - start} bytes`);
      const inner = new ProtobufReader(r.buf, start, end);
      while (!inner.done) values.push(inner.float32());
    } else if (field === 1 && wire === WIRE_FIXED32) values.push(r.float32());
    else r.skip(wire);
  }
}

function readInt64List(r: ProtobufReader, values: number[]) {
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_LEN) {
      const { start, end } = r.lengthDelimited();
      const inner = new ProtobufReader(r.buf, start, end);
      while (!inner.done) values.push(inner.varint());
    } else if (field === 1 && wire === WIRE_VARINT) values.push(r.varint());
    else r.skip(wire);
  }
}

function readFeature(r: ProtobufReader): Feature | undefined {
  let feature: Feature | undefined;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (wire !== WIRE_LEN || field < 1 || field > 3) {
      r.skip(wire);
      continue;
    }
    const { start, end } = r.lengthDelimited();
    const inner = new ProtobufReader(r.buf, start, end);
    // A oneof: a later member replaces an earlier one; the same member again merges (lists append).
    if (field === 1) {
      if (feature?.kind !== 'bytes') feature = { kind: 'bytes', values: [] };
      readBytesList(inner, feature.values);
    } else if (field === 2) {
      if (feature?.kind !== 'float') feature = { kind: 'float', values: [] };
      readFloatList(inner, feature.values);
    } else {
      if (feature?.kind !== 'int64') feature = { kind: 'int64', values: [] };
      readInt64List(inner, feature.values);
    }
  }
  return feature;
}

function readFeatures(r: ProtobufReader, out: Features) {
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field !== 1 || wire !== WIRE_LEN) {
      r.skip(wire);
      continue;
    }
    const { start, end } = r.lengthDelimited();
    const entry = new ProtobufReader(r.buf, start, end);
    let key = '';
    let value: Feature | undefined;
    while (!entry.done) {
      const t = entry.tag();
      if (t.field === 1 && t.wire === WIRE_LEN) {
        const b = entry.bytes();
        try {
          key = utf8.decode(b);
        } catch {
          throw new DatasetError('bad-binary', 'a feature name is not valid UTF-8');
        }
      } else if (t.field === 2 && t.wire === WIRE_LEN) {
        const v = entry.lengthDelimited();
        value = readFeature(new ProtobufReader(entry.buf, v.start, v.end));
      } else entry.skip(t.wire);
    }
    // A feature with no list set is an empty one; a repeated key: the last wins.
    out.set(key, value ?? { kind: 'bytes', values: [] });
  }
}

/** Decodes a serialized tf.train.Example into its features by name. */
export function decodeExample(bytes: Uint8Array): Features {
  const r = new ProtobufReader(bytes);
  const out: Features = new Map();
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_LEN) {
      const { start, end } = r.lengthDelimited();
      readFeatures(new ProtobufReader(bytes, start, end), out);
    } else r.skip(wire);
  }
  return out;
}

/** Feature names repeat in every record: their UTF-8 bytes are kept (a few dozen names). */
const NAMES = new Map<string, Uint8Array>();
function encodedName(key: string): Uint8Array {
  let b = NAMES.get(key);
  if (!b) {
    b = encoder.encode(key);
    if (NAMES.size < 1024) NAMES.set(key, b);
  }
  return b;
}

/** Sizes of a feature: the list message (BytesList/FloatList/Int64List) and the Feature around it. */
function measureFeature(f: Feature): { list: number; packed: number; feature: number } {
  let list = 0;
  let packed = 0;
  if (f.kind === 'bytes') {
    for (const v of f.values) list += 1 + varintSize(v.length) + v.length;
  } else if (f.values.length > 0) {
    if (f.kind === 'float') packed = 4 * f.values.length;
    else for (const v of f.values) packed += varintSize(v);
    list = 1 + varintSize(packed) + packed;
  }
  return { list, packed, feature: 1 + varintSize(list) + list };
}

/** Serializes features as a tf.train.Example, keys in sorted order (so the bytes are reproducible). */
export function encodeExample(features: Features): Uint8Array {
  const keys = [...features.keys()].sort();
  const parts = keys.map((key) => {
    const name = encodedName(key);
    const feature = features.get(key)!;
    const size = measureFeature(feature);
    const entry = 1 + varintSize(name.length) + name.length + 1 + varintSize(size.feature) + size.feature;
    return { name, feature, size, entry };
  });
  let map = 0;
  for (const p of parts) map += 1 + varintSize(p.entry) + p.entry;
  const out = new ProtobufCursor(1 + varintSize(map) + map);
  out.header(1, WIRE_LEN, map);
  for (const { name, feature: f, size, entry } of parts) {
    out.header(1, WIRE_LEN, entry);
    out.header(1, WIRE_LEN, name.length);
    out.bytes(name);
    out.header(2, WIRE_LEN, size.feature);
    out.header(f.kind === 'bytes' ? 1 : f.kind === 'float' ? 2 : 3, WIRE_LEN, size.list);
    if (f.kind === 'bytes') {
      for (const v of f.values) {
        out.header(1, WIRE_LEN, v.length);
        out.bytes(v);
      }
    } else if (f.values.length > 0) {
      out.header(1, WIRE_LEN, size.packed);
      if (f.kind === 'float') for (const v of f.values) out.float32(v);
      else for (const v of f.values) out.varint(v);
    }
  }
  if (out.pos !== out.buf.length)
    throw new Error(`encodeExample: wrote ${out.pos} of ${out.buf.length} bytes`);
  return out.buf;
}

/** Feature constructors and readers for the common shapes. */
export const bytesFeature = (...values: (Uint8Array | string)[]): Feature => ({
  kind: 'bytes',
  values: values.map((v) => (typeof v === 'string' ? encoder.encode(v) : v)),
});
export const floatFeature = (values: number[]): Feature => ({ kind: 'float', values });
export const int64Feature = (values: number[]): Feature => ({ kind: 'int64', values });

const textDecoder = new TextDecoder('utf-8');
export const bytesToText = (b: Uint8Array): string => textDecoder.decode(b);
