/**
 * Progress for long work: items done, rate and ETA on one line of a terminal (stderr), redrawn at most
 * ten times a second; nothing at all when stderr is not a TTY (piped, CI).
 */
export interface Progress {
  update(done: number, total?: number): void;
  done(): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  // The rate is measured from the first item, not from the start: reading a file's head before the first
  // item would otherwise make the first rate tiny and the first ETA absurd. Neither is shown before a
  // second of items has been seen.
  let first: { time: number; done: number } | undefined;
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      first ??= { time: now, done };
      if (now - last < 100) return;
      last = now;
      const secs = (now - first.time) / 1000;
      let line = `${label}: ${done}${total ? `/${total}` : ''} ${done === 1 ? 'item' : 'items'}`;
      if (secs >= 1 && done > first.done) {
        const rate = (done - first.done) / secs;
        line += `, ${rate.toFixed(0)}/s`;
        if (total && done < total) line += `, ETA ${formatSeconds((total - done) / rate)}`;
      }
      stream.write(`\r\x1b[2K${line}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${Math.round(s % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}
