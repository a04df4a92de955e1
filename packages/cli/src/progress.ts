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
  const start = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const secs = (now - start) / 1000;
      const rate = secs > 0 ? done / secs : 0;
      let line = `${label}: ${done}${total ? `/${total}` : ''} items, ${rate.toFixed(0)}/s`;
      if (total && rate > 0 && done < total) line += `, ETA ${formatSeconds((total - done) / rate)}`;
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
