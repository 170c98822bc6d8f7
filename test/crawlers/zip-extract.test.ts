import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractZip, readZipEntries, safeJoin, ZipError } from '../../crawlers/zip-extract.js';
import { tempDir } from '../helpers/tmp.js';

const PYTHON = '/usr/bin/python3';
const hasPython = spawnSync(PYTHON, ['-c', 'import zipfile']).status === 0;

/** A zip written by Python's zipfile, an implementation independent of ours. */
function pythonZip(path: string, files: Record<string, string>, method: 'ZIP_DEFLATED' | 'ZIP_STORED' = 'ZIP_DEFLATED'): void {
  const script = `import json, sys, zipfile
files = json.loads(sys.argv[2])
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.${method}) as z:
    for name, text in files.items():
        z.writestr(name, text)`;
  const r = spawnSync(PYTHON, ['-c', script, path, JSON.stringify(files)]);
  if (r.status !== 0) throw new Error(r.stderr.toString());
}

/** One stored entry in zip64 form: sizes and offsets in zip64 extra fields, a zip64 end record. */
function zip64Archive(name: string, content: Buffer, crc: number): Buffer {
  const n = Buffer.from(name);
  const extraLocal = Buffer.alloc(20);
  extraLocal.writeUInt16LE(1, 0);
  extraLocal.writeUInt16LE(16, 2);
  extraLocal.writeBigUInt64LE(BigInt(content.length), 4);
  extraLocal.writeBigUInt64LE(BigInt(content.length), 12);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(0xffffffff, 18);
  local.writeUInt32LE(0xffffffff, 22);
  local.writeUInt16LE(n.length, 26);
  local.writeUInt16LE(extraLocal.length, 28);
  const extraCentral = Buffer.alloc(28);
  extraCentral.writeUInt16LE(1, 0);
  extraCentral.writeUInt16LE(24, 2);
  extraCentral.writeBigUInt64LE(BigInt(content.length), 4);
  extraCentral.writeBigUInt64LE(BigInt(content.length), 12);
  extraCentral.writeBigUInt64LE(0n, 20);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(45, 4);
  central.writeUInt16LE(45, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(0xffffffff, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(n.length, 28);
  central.writeUInt16LE(extraCentral.length, 30);
  central.writeUInt32LE(0xffffffff, 42);
  const body = Buffer.concat([local, n, extraLocal, content]);
  const cd = Buffer.concat([central, n, extraCentral]);
  const end64 = Buffer.alloc(56);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeUInt16LE(45, 12);
  end64.writeUInt16LE(45, 14);
  end64.writeBigUInt64LE(1n, 24);
  end64.writeBigUInt64LE(1n, 32);
  end64.writeBigUInt64LE(BigInt(cd.length), 40);
  end64.writeBigUInt64LE(BigInt(body.length), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(body.length + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([body, cd, end64, locator, end]);
}

describe.skipIf(!hasPython)('extractZip (zips written by /usr/bin/python3 zipfile)', () => {
  it('extracts deflated and stored entries with folders, and reports size and sha256', async () => {
    const dir = tempDir();
    const files = { 'train.csv': 'a,b\n1,2\n'.repeat(500), 'nested/deeper/test.csv': 'a\n3\n', 'empty.txt': '' };
    for (const method of ['ZIP_DEFLATED', 'ZIP_STORED'] as const) {
      const zip = join(dir, `${method}.zip`);
      pythonZip(zip, files, method);
      const out = join(dir, method);
      const extracted = await extractZip(zip, out);
      expect(extracted.map((f) => f.name).sort()).toEqual(['empty.txt', 'nested/deeper/test.csv', 'train.csv']);
      for (const f of extracted) {
        const text = files[f.name as keyof typeof files];
        expect(readFileSync(join(out, f.name), 'utf8')).toBe(text);
        expect(f.bytes).toBe(Buffer.byteLength(text));
        expect(f.sha256).toBe(createHash('sha256').update(text).digest('hex'));
      }
      expect(existsSync(join(out, 'train.csv.part'))).toBe(false);
    }
  });

  it('refuses entries that would land outside the folder', async () => {
    const dir = tempDir();
    const zip = join(dir, 'evil.zip');
    pythonZip(zip, { '../evil.csv': 'x' });
    await expect(extractZip(zip, join(dir, 'out'))).rejects.toThrow(/unsafe path in archive: "\.\.\/evil\.csv"/);
    expect(existsSync(join(dir, 'evil.csv'))).toBe(false);
    expect(() => safeJoin('/data', '/etc/passwd')).toThrow(ZipError);
    expect(() => safeJoin('/data', 'a/../../b')).toThrow(ZipError);
    expect(safeJoin('/data', 'a/./b.csv')).toBe('/data/a/b.csv');
  });

  it('detects a corrupt entry by its CRC', async () => {
    const dir = tempDir();
    const zip = join(dir, 'bad.zip');
    pythonZip(zip, { 'data.csv': 'hello world, this is the content\n' }, 'ZIP_STORED');
    const bytes = readFileSync(zip);
    const at = bytes.indexOf('hello');
    bytes[at] = 'j'.charCodeAt(0);
    writeFileSync(zip, bytes);
    await expect(extractZip(zip, join(dir, 'out'))).rejects.toThrow(/"data\.csv": CRC mismatch/);
  });
});

describe('readZipEntries', () => {
  it('reads zip64 sizes, offsets and end records', async () => {
    const dir = tempDir();
    const content = Buffer.from('id,value\n1,2\n');
    const r = spawnSync(PYTHON, ['-c', 'import sys, zlib; print(zlib.crc32(sys.argv[1].encode()))', content.toString()]);
    const crc = hasPython ? Number(r.stdout.toString().trim()) : 0;
    const zip = join(dir, 'z64.zip');
    writeFileSync(zip, zip64Archive('table.csv', content, crc));
    expect(readZipEntries(zip)).toMatchObject([{ name: 'table.csv', size: content.length, compressedSize: content.length, localHeaderOffset: 0 }]);
    if (hasPython) {
      const [file] = await extractZip(zip, join(dir, 'out'));
      expect(readFileSync(file?.path as string)).toEqual(content);
    }
  });

  it('says when a file is not a zip', () => {
    const path = join(tempDir(), 'not.zip');
    writeFileSync(path, '<html>not a zip</html>');
    expect(() => readZipEntries(path)).toThrow(/not a zip archive/);
  });
});
