/**
 * The `labelport view` server: loopback only, read-only, and no path outside the dataset root,
 * whether written raw (`/../`), percent-encoded (`%2e%2e`, `%2f`), or through a symlink. Requests are
 * sent raw (node:http keeps the path as written; a browser would normalise it first).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewServer, type ViewServer } from '../../cli/src/view-server.js';

let base: string;
let server: ViewServer;

function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'labelport-view-'));
  const root = join(base, 'dataset');
  const page = join(base, 'page');
  mkdirSync(join(root, 'images'), { recursive: true });
  mkdirSync(page);
  writeFileSync(join(page, 'index.html'), '<!doctype html><title>viewer</title>');
  writeFileSync(join(page, 'app.js'), 'void 0;');
  writeFileSync(join(base, 'secret.txt'), 'outside the root');
  writeFileSync(join(root, 'labels.txt'), 'cat\ndog\n');
  writeFileSync(join(root, 'images', 'a b.jpg'), 'JPEG');
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
  symlinkSync(base, join(root, 'up'));
  symlinkSync(join(root, 'labels.txt'), join(root, 'inside.txt'));
  server = await startViewServer({ path: root, staticDir: page });
});
afterAll(async () => {
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('labelport view server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.address.address).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it('serves the page, the listing and the files (with ranges)', async () => {
    expect((await get('/')).body).toContain('<title>viewer</title>');
    expect(JSON.parse((await get('/api/dataset')).body)).toEqual({ name: 'dataset', kind: 'dir' });
    const files = JSON.parse((await get('/api/files')).body) as { path: string; size: number }[];
    // The symlink that stays inside is listed; those leading out are not.
    expect(files.map((f) => f.path).sort()).toEqual(['images/a b.jpg', 'inside.txt', 'labels.txt']);
    expect((await get('/data/labels.txt')).body).toBe('cat\ndog\n');
    expect((await get('/data/images/a%20b.jpg')).body).toBe('JPEG');
    const part = await get('/data/labels.txt', { range: 'bytes=4-6' });
    expect(part.status).toBe(206);
    expect(part.body).toBe('dog');
    expect(part.headers['content-range']).toBe('bytes 4-6/8');
    expect((await get('/data/inside.txt')).body).toBe('cat\ndog\n');
  });

  it.each([
    '/data/../secret.txt',
    '/data/images/../../secret.txt',
    '/data/%2e%2e/secret.txt',
    '/data/%2E%2E/secret.txt',
    '/data/..%2fsecret.txt',
    '/data/images%2f..%2f..%2fsecret.txt',
    '/data/..%5csecret.txt',
    '/data/%252e%252e/secret.txt',
    '/data/images/..\\..\\secret.txt',
    '/data/labels.txt%00.jpg',
    '/data/escape.txt',
    '/data/up/secret.txt',
    '/data//etc/passwd',
    '/data/%2fetc%2fpasswd',
  ])('refuses %s', async (path) => {
    const res = await get(path);
    expect([403, 404]).toContain(res.status);
    expect(res.body).not.toContain('outside the root');
    expect(res.body).not.toContain('root:');
  });

  it('refuses the escapes with 403, not as missing files', async () => {
    for (const p of [
      '/data/../secret.txt',
      '/data/%2e%2e/secret.txt',
      '/data/escape.txt',
      '/data/up/secret.txt',
    ]) {
      expect((await get(p)).status).toBe(403);
    }
  });

  it('is read-only and answers only to its own host name', async () => {
    expect((await get('/data/labels.txt', {}, 'PUT')).status).toBe(405);
    expect((await get('/data/labels.txt', {}, 'DELETE')).status).toBe(405);
    // A page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) sends its own Host.
    expect((await get('/api/files', { host: 'evil.example' })).status).toBe(403);
    expect((await get('/api/files', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('serves a single zip or annotation file, and nothing beside it', async () => {
    const one = await startViewServer({
      path: join(base, 'dataset', 'labels.txt'),
      staticDir: join(base, 'page'),
    });
    try {
      const files = await fetch(`${one.url}api/files`).then((r) => r.json());
      expect(files).toEqual([{ path: 'labels.txt', size: 8 }]);
      expect((await fetch(`${one.url}data/labels.txt`)).status).toBe(200);
      expect((await fetch(`${one.url}data/images/a%20b.jpg`)).status).toBe(404);
    } finally {
      await one.close();
    }
  });

  it('says when the page is not built', async () => {
    await expect(startViewServer({ path: base, staticDir: join(base, 'nowhere') })).rejects.toThrow(
      /not built/,
    );
  });
});
