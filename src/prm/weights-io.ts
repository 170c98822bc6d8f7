// Named float32 tensors on disk: `<prefix>.json` (names, shapes, offsets, sha256) next to
// `<prefix>.bin` (little-endian float32). Written to temporary names and renamed, so an interrupted
// save never leaves a half-written file where a good one was.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UnusableInputError } from '../errors.js';

export interface NamedArray {
  name: string;
  shape: number[];
  data: Float32Array;
}

interface Manifest {
  format: 'hookmine-weights-v1';
  sha256: string;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
}

export function writeWeights(dir: string, prefix: string, arrays: readonly NamedArray[]): void {
  mkdirSync(dir, { recursive: true });
  const total = arrays.reduce((n, a) => n + a.data.length, 0);
  const buffer = Buffer.alloc(total * 4);
  const tensors: Manifest['tensors'] = [];
  let offset = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.data.length; i++) buffer.writeFloatLE(a.data[i] as number, (offset + i) * 4);
    tensors.push({ name: a.name, shape: a.shape, offset, length: a.data.length });
    offset += a.data.length;
  }
  const manifest: Manifest = { format: 'hookmine-weights-v1', sha256: createHash('sha256').update(buffer).digest('hex'), tensors };
  const bin = join(dir, `${prefix}.bin`);
  const json = join(dir, `${prefix}.json`);
  writeFileSync(`${bin}.tmp`, buffer);
  writeFileSync(`${json}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(`${bin}.tmp`, bin);
  renameSync(`${json}.tmp`, json);
}

export function weightsExist(dir: string, prefix: string): boolean {
  return existsSync(join(dir, `${prefix}.json`)) && existsSync(join(dir, `${prefix}.bin`));
}

export function readWeights(dir: string, prefix: string): NamedArray[] {
  const json = join(dir, `${prefix}.json`);
  const bin = join(dir, `${prefix}.bin`);
  if (!weightsExist(dir, prefix)) throw new UnusableInputError(`no weights at ${json}`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(json, 'utf8')) as Manifest;
  } catch (error) {
    throw new UnusableInputError(`${json} is not a weights manifest: ${(error as Error).message}`, { cause: error });
  }
  const buffer = readFileSync(bin);
  if (manifest.format !== 'hookmine-weights-v1') throw new UnusableInputError(`${json}: unknown weights format ${String(manifest.format)}`);
  if (createHash('sha256').update(buffer).digest('hex') !== manifest.sha256) {
    throw new UnusableInputError(`${bin} does not match the checksum in ${json} (damaged or from another save)`);
  }
  return manifest.tensors.map((t) => {
    const data = new Float32Array(t.length);
    for (let i = 0; i < t.length; i++) data[i] = buffer.readFloatLE((t.offset + i) * 4);
    return { name: t.name, shape: t.shape, data };
  });
}

export function ensureDir(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
