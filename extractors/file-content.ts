// Bytes -> text, with the checks that tell a notebook from something that is not one.
// Pure: no I/O; the caller reads the file.
import { InvalidNotebookError } from '../src/errors.js';

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Offset of the first byte that is not valid UTF-8, or -1 when the whole buffer is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= bytes.length) return i; // truncated sequence at the end
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Decode a file's bytes as UTF-8 text, refusing empty, binary and non-UTF-8 content with the
 * matching ingest reason. A UTF-8 byte-order mark is kept in the returned text (the source is
 * stored verbatim) but ignored by parsers.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new InvalidNotebookError('empty', 'the file is empty (0 bytes)');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InvalidNotebookError('not_utf8', 'the file is UTF-16 encoded (byte-order mark); notebooks must be UTF-8');
  }
  if (looksBinary(bytes)) throw new InvalidNotebookError('binary', 'the file is binary (NUL bytes in its first 8000 bytes)');
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const hex = Array.from(bytes.slice(bad, bad + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new InvalidNotebookError('not_utf8', `the file is not valid UTF-8 (first bad byte at offset ${bad}: ${hex})`);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (stripBom(text).trim() === '') throw new InvalidNotebookError('empty', 'the file holds only whitespace');
  return text;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
