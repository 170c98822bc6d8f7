// Extract a zip archive (Kaggle's competition data comes as one) into a folder, streaming each
// entry through inflate to disk, with zip64 support, CRC and size checks, and no path escaping the
// folder. Each entry is written to `<name>.part` and renamed when it checks out, so an interrupted
// extraction never leaves a file that looks complete.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export interface ExtractedFile {
  name: string;
  path: string;
  bytes: number;
  sha256: string;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

function u64(buf: Buffer, offset: number): number {
  const value = buf.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('zip offset too large');
  return Number(value);
}

/** The archive's central directory. */
export function readZipEntries(path: string): ZipEntry[] {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = readAt(fd, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipError('not a zip archive (no end of central directory)');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === MAX32 || cdOffset === MAX32) {
      const locatorAt = size - tailLength + eocd - 20;
      const locator = readAt(fd, locatorAt, 20);
      if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipError('zip64 locator missing');
      const z64 = readAt(fd, u64(locator, 8), 56);
      if (z64.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipError('zip64 end of central directory missing');
      count = u64(z64, 32);
      cdSize = u64(z64, 40);
      cdOffset = u64(z64, 48);
    }
    const cd = readAt(fd, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError('corrupt central directory');
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const entry: ZipEntry = {
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        crc32: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        name: cd.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
      };
      // zip64 extra field: the 64-bit values of the fields that are 0xFFFFFFFF, in this order.
      let e = p + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (entry.size === MAX32) {
            entry.size = u64(cd, q);
            q += 8;
          }
          if (entry.compressedSize === MAX32) {
            entry.compressedSize = u64(cd, q);
            q += 8;
          }
          if (entry.localHeaderOffset === MAX32) entry.localHeaderOffset = u64(cd, q);
        }
        e += 4 + len;
      }
      entries.push(entry);
      p = extraEnd + commentLength;
    }
    return entries;
  } finally {
    closeSync(fd);
  }
}

/** A relative path inside `root`, or an error for absolute paths and `..` (zip-slip). */
export function safeJoin(root: string, name: string): string {
  const clean = normalize(name.replace(/\\/g, '/'));
  if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`) || clean.split(sep).includes('..')) {
    throw new ZipError(`unsafe path in archive: "${name}"`);
  }
  return join(root, clean);
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** zlib.crc32 exists from Node 20.15; older Node 20 releases get the table version. */
const nativeCrc = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;

function crc32(chunk: Buffer, previous: number): number {
  if (nativeCrc) return nativeCrc(chunk, previous);
  let c = ~previous;
  for (let i = 0; i < chunk.length; i++) c = (CRC_TABLE[(c ^ (chunk[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** Extract every file entry of `zipPath` under `destDir`; returns the files written. */
export async function extractZip(zipPath: string, destDir: string, options: { signal?: AbortSignal } = {}): Promise<ExtractedFile[]> {
  const entries = readZipEntries(zipPath);
  const out: ExtractedFile[] = [];
  const fd = openSync(zipPath, 'r');
  const dataOffsets = new Map<ZipEntry, number>();
  try {
    for (const entry of entries) {
      const header = readAt(fd, entry.localHeaderOffset, 30);
      if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new ZipError(`corrupt local header for "${entry.name}"`);
      dataOffsets.set(entry, entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28));
    }
  } finally {
    closeSync(fd);
  }
  for (const entry of entries) {
    options.signal?.throwIfAborted();
    const target = safeJoin(destDir, entry.name);
    if (entry.name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    if (entry.flags & 1) throw new ZipError(`"${entry.name}" is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`"${entry.name}" uses compression method ${entry.method} (only stored and deflate are supported)`);
    mkdirSync(dirname(target), { recursive: true });
    const start = dataOffsets.get(entry) as number;
    const source = entry.compressedSize > 0 ? createReadStream(zipPath, { start, end: start + entry.compressedSize - 1 }) : null;
    const hash = createHash('sha256');
    let crc = 0;
    let bytes = 0;
    const check = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        crc = crc32(chunk, crc);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const part = `${target}.part`;
    if (!source) writeFileSync(part, '');
    else if (entry.method === 8) await pipeline(source, zlib.createInflateRaw(), check, createWriteStream(part));
    else await pipeline(source, check, createWriteStream(part));
    if (bytes !== entry.size) throw new ZipError(`"${entry.name}": ${bytes} bytes extracted, the archive says ${entry.size}`);
    if ((crc >>> 0) !== entry.crc32) throw new ZipError(`"${entry.name}": CRC mismatch (corrupt archive)`);
    renameSync(part, target);
    out.push({ name: entry.name.replace(/\\/g, '/'), path: target, bytes, sha256: hash.digest('hex') });
  }
  return out;
}
