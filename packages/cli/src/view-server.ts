/**
 * The server behind `labelport view`: the viewer's static page and the dataset's files, read-only,
 * on 127.0.0.1 only. Every data path is checked against the dataset root: `..` segments (raw or
 * percent-encoded), encoded separators, NUL bytes and symlinks that resolve outside the root are
 * refused. The page reads the dataset in the browser, through `/api/dataset`, `/api/files` and
 * `/data/<path>` (with Range requests, so a zip is read without being fetched whole).
 */
import { createReadStream, type Dirent, promises as fs } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join, sep } from 'node:path';
import { DatasetError } from '@labelport/core';

export interface ViewServerOptions {
  /** A dataset folder, a zip archive or a single annotation file. */
  path: string;
  /** The folder of the built page (index.html and its assets). */
  staticDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface ViewServer {
  url: string;
  port: number;
  /** The address listened on: always 127.0.0.1. */
  address: AddressInfo;
  close(): Promise<void>;
}

/** What the page is told about the dataset: a folder, or one file (a zip or an annotation file). */
export interface DatasetDescription {
  name: string;
  kind: 'dir' | 'zip' | 'file';
}

interface Served {
  description: DatasetDescription;
  /** The real path of the folder served; every data path must resolve below it. */
  root: string;
  /** For a single file: its name, the only path served. */
  only?: string;
}

const HOST = '127.0.0.1';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

async function describe(path: string): Promise<Served> {
  const st = await fs.stat(path).catch(() => {
    throw new DatasetError('not-found', 'no such file or directory', { file: path });
  });
  if (st.isDirectory()) {
    const root = await fs.realpath(path);
    return { root, description: { name: basename(root), kind: 'dir' } };
  }
  const real = await fs.realpath(path);
  const name = basename(real);
  const kind = /\.zip$/i.test(name) ? 'zip' : 'file';
  return { root: dirname(real), only: name, description: { name, kind } };
}

/** Starts the server; it listens on 127.0.0.1 only. */
export async function startViewServer(options: ViewServerOptions): Promise<ViewServer> {
  const served = await describe(options.path);
  const assets = await listAssets(options.staticDir);
  let port = 0;
  const server = createServer((req, res) => {
    handle(req, res, served, assets, port).catch((e) => {
      if (!res.headersSent) send(res, 500, `internal error: ${(e as Error).message}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new DatasetError('bad-option', `port ${options.port} is already in use`)
          : e,
      ),
    );
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const address = server.address() as AddressInfo;
  port = address.port;
  return {
    url: `http://${HOST}:${port}/`,
    port,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function listAssets(dir: string): Promise<Map<string, string>> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  if (!names.includes('index.html')) {
    throw new DatasetError(
      'not-found',
      'the viewer page is not built (run `pnpm --filter @labelport/viewer build`)',
      { file: join(dir, 'index.html') },
    );
  }
  return new Map(names.map((n) => [n, join(dir, n)]));
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  served: Served,
  assets: Map<string, string>,
  port: number,
): Promise<void> {
  // A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host.
  const host = req.headers.host ?? '';
  if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return send(res, 403, 'bad host');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'read-only');
  const raw = (req.url ?? '/').split('?')[0]!;
  if (raw === '/api/dataset') return sendJson(res, served.description);
  if (raw === '/api/files') return sendJson(res, await listFiles(served));
  if (raw.startsWith('/data/')) {
    const file = await resolveDataPath(served, raw.slice('/data/'.length));
    if (typeof file === 'number') return send(res, file, file === 404 ? 'not found' : 'refused');
    return sendFile(req, res, file);
  }
  const asset = assets.get(raw === '/' ? 'index.html' : raw.slice(1));
  if (!asset) return send(res, 404, 'not found');
  return sendFile(req, res, asset);
}

/**
 * The real path of a data file, or an HTTP status: 403 for any path that is, or could become,
 * outside the root; 404 for a safe path with no file.
 */
export async function resolveDataPath(served: Served, rawPath: string): Promise<string | number> {
  if (/%2f|%5c|%00/i.test(rawPath) || rawPath.includes('\\')) return 403;
  const segments: string[] = [];
  for (const s of rawPath.split('/')) {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      return 403;
    }
    if (d === '' || d === '.' || d === '..' || d.includes('\0')) return 403;
    segments.push(d);
  }
  const rel = segments.join('/');
  if (served.only !== undefined && rel !== served.only) return 404;
  let real: string;
  try {
    real = await fs.realpath(join(served.root, ...segments));
  } catch {
    return 404;
  }
  if (!real.startsWith(served.root + sep) && real !== served.root) return 403;
  const st = await fs.stat(real).catch(() => undefined);
  return st?.isFile() ? real : 404;
}

/** Every file below the root (symlinks only where they resolve to a file inside it). */
async function listFiles(served: Served): Promise<{ path: string; size: number }[]> {
  if (served.only !== undefined) {
    const st = await fs.stat(join(served.root, served.only));
    return [{ path: served.only, size: st.size }];
  }
  const out: { path: string; size: number }[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries: Dirent[] = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const full = join(dir, e.name);
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(full, rel);
      else if (e.isFile()) out.push({ path: rel, size: (await fs.stat(full)).size });
      else if (e.isSymbolicLink()) {
        const target = await resolveDataPath(served, rel.split('/').map(encodeURIComponent).join('/'));
        if (typeof target === 'string') out.push({ path: rel, size: (await fs.stat(target)).size });
      }
    }
  };
  await walk(served.root, '');
  return out;
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function sendJson(res: ServerResponse, value: unknown): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(JSON.stringify(value));
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const { size } = await fs.stat(file);
  const headers: Record<string, string | number> = {
    'content-type': TYPES[file.slice(file.lastIndexOf('.')).toLowerCase()] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // Other sites' pages may not embed the dataset's files either.
    'cross-origin-resource-policy': 'same-origin',
  };
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    if (range[1]) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(Number(range[2]), size - 1);
    } else start = Math.max(0, size - Number(range[2]));
    if (start > end || start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` });
      res.end();
      return;
    }
    status = 206;
    headers['content-range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['content-length'] = size === 0 ? 0 : end - start + 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  createReadStream(file, { start, end }).pipe(res);
}
