// What goes into Redis: job ids from the run's inputs, no credentials, results that survive JSON,
// and queue URLs shown without their password.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import type { ExecutionResult } from '../../src/execute/types.js';
import { parseQueueUrl, redactUrl } from '../../src/queue/connection.js';
import { cellsJob, fromWire, jobIdOf, poolJob, toWire } from '../../src/queue/payload.js';

const sandbox = {} as never; // never read: a payload does not carry the sandbox

describe('job payloads', () => {
  it('gives equal runs the same job id and different runs different ones', () => {
    const a = cellsJob({ cells: [{ cellIndex: 0, code: 'x = 1' }], sandbox, competition: 'shop', limits: { wallMs: 5000, memoryMb: 512 }, seed: 0 });
    const b = cellsJob({ seed: 0, limits: { memoryMb: 512, wallMs: 5000 }, competition: 'shop', sandbox, cells: [{ code: 'x = 1', cellIndex: 0 }] });
    expect(jobIdOf(a)).toBe(jobIdOf(b));
    expect(jobIdOf(a)).toMatch(/^run-[0-9a-f]{40}$/);
    const otherSeed = cellsJob({ cells: [{ cellIndex: 0, code: 'x = 1' }], sandbox, competition: 'shop', limits: { wallMs: 5000, memoryMb: 512 }, seed: 1 });
    expect(jobIdOf(otherSeed)).not.toBe(jobIdOf(a));
  });

  it('carries no host data path, and refuses credential-looking variables', () => {
    const job = cellsJob({ cells: [{ cellIndex: 0, code: 'pass' }], sandbox, competition: 'shop', dataDir: '/home/me/secret-place/shop' });
    expect(JSON.stringify(job)).not.toContain('secret-place');
    expect(() => cellsJob({ cells: [], sandbox, env: { OPENAI_API_KEY: 'sk-123456789' } })).toThrow();
    expect(() => poolJob({ code: 'pass', env: { KAGGLE_KEY: 'abcdef123456' } }, {})).toThrow();
  });

  it("maps a pool's data-root mounts to the worker's data root and keeps other paths", () => {
    const job = poolJob({ code: 'pass' }, { mounts: [{ host: '/coord/data', sandbox: '/kaggle/input' }, { host: '/shared/csvs', sandbox: '/data/abc' }] });
    expect(job.mounts).toEqual([{ sandbox: '/kaggle/input', dataRoot: '' }, { sandbox: '/data/abc', path: '/shared/csvs' }]);
  });

  it('brings a result back through JSON with its file bytes and dates, within the byte budget', () => {
    const result = {
      status: 'completed',
      files: [
        { path: 'a.csv', sizeBytes: 3, sha256: 'x', preview: 'a,b', content: Buffer.from('a,b') },
        { path: 'big.bin', sizeBytes: 10, sha256: 'y', preview: '', content: Buffer.alloc(10) },
      ],
      startedAt: new Date('2026-01-01T00:00:00Z'),
      finishedAt: new Date('2026-01-01T00:00:01Z'),
    } as unknown as ExecutionResult;
    const back = fromWire(JSON.parse(JSON.stringify(toWire(result, 5))) as ReturnType<typeof toWire>);
    expect(back.files[0]?.content?.toString()).toBe('a,b');
    expect(back.files[1]?.content).toBeUndefined(); // over the budget: sha256 only
    expect(back.files[1]?.sha256).toBe('y');
    expect(back.finishedAt.getTime() - back.startedAt.getTime()).toBe(1000);
  });
});

describe('queue URLs', () => {
  it('never shows the password', () => {
    expect(redactUrl('redis://:hunter2hunter2@host:6379/0')).toBe('redis://:***@host:6379/0');
    expect(redactUrl('rediss://user:pw123456@host:6380')).toBe('rediss://user:***@host:6380');
  });

  it('takes redis:// and rediss:// (TLS) and refuses anything else as a usage error', () => {
    const plain = parseQueueUrl('redis://:pw123456@10.0.0.5:6390/2');
    expect(plain.options).toMatchObject({ host: '10.0.0.5', port: 6390, db: 2, password: 'pw123456' });
    expect(plain.options.tls).toBeUndefined();
    expect(parseQueueUrl('rediss://queue.example.com').options.tls).toEqual({ servername: 'queue.example.com' });
    expect(() => parseQueueUrl('http://example.com')).toThrow(UsageError);
    expect(() => parseQueueUrl('not a url')).toThrow(UsageError);
  });
});
