import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from '@labelport/core';
import { startViewServer } from '../view-server.js';

/** The folder of the built viewer page, shipped in `@labelport/viewer`'s dist. */
export function viewerPageDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@labelport/viewer/package.json');
  return join(dirname(pkg), 'dist');
}

/** Asks the desktop to open `url`; a machine without one (no xdg-open) is not an error. */
function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no browser to open: the URL is printed anyway
  }
}

/** `labelport view <path>`: serves the viewer and the dataset on 127.0.0.1 until interrupted. */
export async function viewCommand(path: string, opts: { port?: string; open: boolean }): Promise<void> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DatasetError('bad-option', `--port must be a number from 0 to 65535, got '${opts.port}'`);
  }
  const server = await startViewServer({ path, staticDir: viewerPageDir(), port });
  console.log(`labelport view: ${server.url} (Ctrl-C to stop)`);
  if (opts.open) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
