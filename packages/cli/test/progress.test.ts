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
    vi.advanceTimersByTime(2000);
    p.update(100, 400);
    expect(writes.at(-1)).toMatch(/reading: 100\/400 items, 50\/s, ETA 6s/);
    p.update(101, 400); // within 100 ms: not redrawn
    expect(writes).toHaveLength(1);
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
