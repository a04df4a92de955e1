/**
 * `labelport view <path> --no-open` through the CLI's own entry point, in-process: it prints the URL,
 * serves the built page and the dataset there until interrupted, and refuses a bad port (exit 2).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { viewerPageDir } from '../../cli/src/commands/view.js';
import { main } from '../../cli/src/main.js';

const sample = fileURLToPath(new URL('../../../examples/coco-sample/', import.meta.url));

beforeAll(() => {
  // The CLI serves @labelport/viewer's dist/: build it when a run starts without it.
  if (!existsSync(`${viewerPageDir()}/index.html`)) {
    execFileSync(process.execPath, [fileURLToPath(new URL('../build.mjs', import.meta.url))]);
  }
}, 120_000);
afterEach(() => vi.restoreAllMocks());

it('labelport view serves the page and the dataset on 127.0.0.1 until interrupted', async () => {
  const printed: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void printed.push(a.join(' ')));
  const running = main(['node', 'labelport', 'view', sample, '--no-open']);
  await vi.waitFor(() => expect(printed.join('\n')).toMatch(/http:\/\/127\.0\.0\.1:\d+\//), {
    timeout: 10_000,
  });
  const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(printed.join('\n'))![0];
  expect(await (await fetch(url)).text()).toContain('<title>labelport viewer</title>');
  const files: { path: string }[] = await (await fetch(`${url}api/files`)).json();
  expect(files.map((f) => f.path)).toContain('annotations/instances_train.json');
  expect((await fetch(`${url}data/..%2fpackage.json`)).status).toBe(403);
  process.emit('SIGINT');
  expect(await running).toBe(0);
  await expect(fetch(url)).rejects.toThrow();
});

it('labelport view refuses a bad port (usage, exit 2) and a missing path (exit 1)', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  expect(await main(['node', 'labelport', 'view', sample, '--no-open', '--port', 'http'])).toBe(2);
  expect(await main(['node', 'labelport', 'view', '/no/such/dataset', '--no-open'])).toBe(1);
});
