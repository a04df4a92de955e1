import { createReadStream, promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import { DatasetError } from '../errors.js';
import { directorySink } from './directory.js';
import { extname } from './paths.js';
import type { FileSink } from './tree.js';
import { crc32 } from './zip-crc.js';
import {
  centralHeader,
  dosDateTime,
  endRecords,
  localHeader,
  MAX32,
  nameFlags,
  type ZipEntryRecord,
} from './zip-records.js';

/** Media that deflate cannot shrink: stored as they are. */
const STORED = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.webp',
  '.zip',
  '.gz',
  '.mp4',
  '.avi',
  '.tfrecord',
]);

/**
 * Writes a zip archive. Files are staged in a folder beside the archive (so several can be open at
 * once, as writers of several subsets need), then packed one by one into `<name>.partial` and renamed
 * into place on commit: a failed export leaves no archive. An existing archive is replaced only with
 * `overwrite`.
 */
export async function zipSink(file: string, options: { overwrite?: boolean } = {}): Promise<FileSink> {
  const target = nodePath.resolve(file);
  const exists = await fs.stat(target).then(
    (s) => s,
    () => undefined,
  );
  if (exists?.isDirectory())
    throw new DatasetError('output-exists', 'the output path is a folder, not a zip file', { file });
  if (exists && !options.overwrite) {
    throw new DatasetError('output-exists', 'the output archive exists (use --overwrite to replace it)', {
      file,
    });
  }
  await fs.mkdir(nodePath.dirname(target), { recursive: true });
  const staging = await fs.mkdtemp(
    nodePath.join(nodePath.dirname(target), `.${nodePath.basename(target)}.partial-`),
  );
  const filesDir = nodePath.join(staging, 'files');
  const staged = await directorySink(filesDir);
  const cleanup = () => fs.rm(staging, { recursive: true, force: true });
  return {
    name: file,
    write: (p, d) => staged.write(p, d),
    open: (p) => staged.open(p),
    async commit() {
      try {
        await staged.commit();
        const archive = nodePath.join(staging, 'archive.zip');
        await packDirectory(filesDir, archive);
        await fs.rename(archive, target);
      } finally {
        await cleanup();
      }
    },
    async abort() {
      await staged.abort();
      await cleanup();
    },
  };
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  const ents = await fs.readdir(nodePath.join(dir, rel), { withFileTypes: true }).catch(() => []);
  for (const e of ents.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, r)));
    else out.push(r);
  }
  return out;
}

/** Packs every file under `dir` into a zip at `archive`, streaming each through deflate. */
export async function packDirectory(dir: string, archive: string): Promise<void> {
  const enc = new TextEncoder();
  const { time, date } = dosDateTime(new Date());
  const fh = await fs.open(archive, 'w');
  const entries: ZipEntryRecord[] = [];
  let offset = 0;
  const put = async (bytes: Uint8Array, position?: number) => {
    await fh.write(bytes, 0, bytes.length, position ?? offset);
    if (position === undefined) offset += bytes.length;
  };
  try {
    for (const rel of await listFiles(dir)) {
      const abs = nodePath.join(dir, ...rel.split('/'));
      const { size } = await fs.stat(abs);
      const method = STORED.has(extname(rel)) ? 0 : 8;
      const entry: ZipEntryRecord = {
        name: enc.encode(rel),
        flags: nameFlags(rel),
        method,
        crc: 0,
        compressedSize: 0,
        size,
        offset,
        time,
        date,
        // Deflate can grow a file a little: leave room for ZIP64 sizes near the 4 GiB limit.
        zip64: size >= MAX32 - (1 << 20) || offset >= MAX32,
      };
      const headerAt = offset;
      await put(localHeader(entry));
      let crc = 0;
      let written = 0;
      const source = createReadStream(abs, { highWaterMark: 1 << 20 });
      const chunks = method === 8 ? source.pipe(createDeflateRaw({ level: 6 })) : source;
      if (method === 8) {
        source.on('data', (c: string | Buffer) => {
          crc = crc32(c as Buffer, crc);
        });
      }
      for await (const chunk of chunks as AsyncIterable<Buffer>) {
        if (method === 0) crc = crc32(chunk, crc);
        await put(chunk);
        written += chunk.length;
      }
      entry.crc = crc;
      entry.compressedSize = written;
      await put(localHeader(entry), headerAt);
      entries.push(entry);
    }
    const cdOffset = offset;
    for (const e of entries) await put(centralHeader(e));
    for (const rec of endRecords(entries.length, cdOffset, offset - cdOffset, new Uint8Array()))
      await put(rec);
  } finally {
    await fh.close();
  }
}
