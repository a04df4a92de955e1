import { describe, expect, it, vi } from 'vitest';
import { createProgress, formatSeconds } from '../src/progress.js';

const fakeStream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream, writes };
};

describe('progress', () => {
  it('draws items, rate and ETA on a terminal, and clears the line at the end', () => {
    vi.useFakeTimers();
    const { stream, writes } = fakeStream(true);
    const p = createProgress('reading', stream);
    vi.advanceTimersByTime(60_000); // a minute reading the file's head before the first item
    p.update(1, 401);
    expect(writes.at(-1)).toMatch(/reading: 1\/401 item$/); // no rate or ETA from one item
    vi.advanceTimersByTime(2000);
    p.update(101, 401);
    expect(writes.at(-1)).toMatch(/reading: 101\/401 items, 50\/s, ETA 6s/);
    p.update(102, 401); // within 100 ms: not redrawn
    expect(writes).toHaveLength(2);
    p.done();
    expect(writes.at(-1)).toBe('\r\x1b[2K');
    vi.useRealTimers();
  });

  it('is silent when piped', () => {
    const { stream, writes } = fakeStream(false);
    const p = createProgress('reading', stream);
    p.update(1, 2);
    p.done();
    expect(writes).toEqual([]);
  });

  it('formats durations', () => {
    expect(formatSeconds(5.2)).toBe('6s');
    expect(formatSeconds(125)).toBe('2m5s');
    expect(formatSeconds(7300)).toBe('2h1m');
  });
});
