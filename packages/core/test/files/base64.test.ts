import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/files/index.js';

describe('base64', () => {
  it('encodes as Python does and decodes back, with or without padding and line breaks', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253]);
    const text = encodeBase64(bytes);
    expect(text).toBe('AAEC+vv8/Q==');
    expect(decodeBase64(text)).toEqual(bytes);
    expect(decodeBase64('AAEC+vv8/Q')).toEqual(bytes);
    expect(decodeBase64('AAEC\n+vv8\n/Q==\n')).toEqual(bytes);
    expect(decodeBase64(encodeBase64(new Uint8Array(30000).map((_, i) => i & 255)))).toHaveLength(30000);
  });

  it('refuses what is not base64', () => {
    for (const bad of ['A', 'AB*C', 'AB===', 'é123']) expect(decodeBase64(bad), bad).toBeUndefined();
  });
});
