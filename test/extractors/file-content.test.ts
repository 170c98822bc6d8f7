import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8, looksBinary } from '../../extractors/file-content.js';
import type { InvalidNotebookError } from '../../src/errors.js';

const reasonOf = (bytes: Uint8Array) => {
  try {
    decodeText(bytes);
    return 'ok';
  } catch (error) {
    return (error as InvalidNotebookError).reason;
  }
};

describe('decodeText', () => {
  it('accepts UTF-8 with multi-byte characters and keeps a BOM verbatim', () => {
    const text = '\uFEFFdf = "머신러닝 ✓"';
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
  });
  it('refuses empty and whitespace-only files', () => {
    expect(reasonOf(new Uint8Array())).toBe('empty');
    expect(reasonOf(Buffer.from(' \n\t '))).toBe('empty');
  });
  it('refuses binary files', () => {
    expect(reasonOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]))).toBe('binary');
  });
  it('refuses Latin-1 and UTF-16, naming the offset', () => {
    expect(reasonOf(Buffer.from([0x61, 0xe9, 0x62]))).toBe('not_utf8');
    expect(reasonOf(Buffer.from([0xff, 0xfe, 0x7b, 0x00]))).toBe('not_utf8');
    expect(() => decodeText(Buffer.from([0x61, 0x62, 0xe9]))).toThrow(/offset 2/);
  });
});

describe('firstInvalidUtf8', () => {
  it('finds overlong encodings, surrogates and truncated sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('abc✓', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong '/'
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xed, 0xa0, 0x80]))).toBe(1); // UTF-16 surrogate
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xe2, 0x9c]))).toBe(1); // cut short
  });
  it('agrees with Node on every 2-byte pattern', () => {
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b += 7) {
        const bytes = Buffer.from([a, b]);
        const nodeOk = Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
        expect(firstInvalidUtf8(bytes) === -1).toBe(nodeOk);
      }
    }
  });
});

describe('looksBinary', () => {
  it('only looks at the first 8000 bytes', () => {
    const late = Buffer.alloc(9000, 0x61);
    late[8500] = 0;
    expect(looksBinary(late)).toBe(false);
    late[10] = 0;
    expect(looksBinary(late)).toBe(true);
  });
});
