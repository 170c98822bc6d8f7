// The host's reads of sandbox-written paths, without a sandbox: what a notebook could leave there
// (a link to a root-only file, a named pipe, a socket, a folder) is refused at once, with what it
// was; regular files are read up to a bound.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxViolationError } from '../../src/errors.js';
import { collectOutputFiles } from '../../src/execute/files.js';
import { openSandboxFile, readSandboxFile } from '../../src/sandbox/safe-read.js';
import { tempDir } from '../helpers/tmp.js';

const OPTIONS = { maxContentBytes: 1 << 20, maxFileBytes: 1 << 20, maxTotalBytes: 1 << 30 };

async function violation(p: Promise<unknown>): Promise<SandboxViolationError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SandboxViolationError);
  return error as SandboxViolationError;
}

describe('reading a path the sandbox could have written', () => {
  it('reads a regular file up to the bound, and says when it was cut; nothing there is null', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'events.jsonl'), 'x'.repeat(3000));
    const r = await readSandboxFile(join(dir, 'events.jsonl'), 1000);
    expect(r).toMatchObject({ size: 3000, truncated: true });
    expect(r?.bytes.length).toBe(1000);
    expect(await readSandboxFile(join(dir, 'absent.jsonl'), 1000)).toBeNull();
  });

  it('refuses a link (even to a readable file), a named pipe without blocking, a socket and a folder', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret'), 'root only', { mode: 0o600 });
    symlinkSync(join(dir, 'secret'), join(dir, 'link'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    mkdirSync(join(dir, 'folder'));
    const server = createServer();
    await new Promise<void>((ok) => server.listen(join(dir, 'socket'), ok));
    try {
      const link = await violation(readSandboxFile(join(dir, 'link'), 100, '/hookmine/out/hooks.jsonl'));
      expect(link.message).toBe(`/hookmine/out/hooks.jsonl is a symbolic link to ${JSON.stringify(join(dir, 'secret'))}, not a regular file: the host did not read it`);
      // a FIFO with no writer: opening it for reading would block forever without O_NONBLOCK
      expect((await violation(readSandboxFile(join(dir, 'fifo'), 100))).found).toBe('a named pipe (FIFO)');
      expect((await violation(openSandboxFile(join(dir, 'socket')))).found).toBe('a socket');
      expect((await violation(openSandboxFile(join(dir, 'folder')))).found).toBe('a folder');
    } finally {
      server.close();
    }
  });
});

describe('collectOutputFiles over a folder the notebook wrote', () => {
  it('reads regular files in nested folders, skips links without following them', async () => {
    const working = tempDir();
    mkdirSync(join(working, 'sub'));
    writeFileSync(join(working, 'submission.csv'), 'Id,y\n1,"a\nb"\n2,c\n');
    writeFileSync(join(working, 'sub', 'notes.txt'), 'hello');
    writeFileSync(join(tempDir(), 'x'), 'outside');
    symlinkSync('/etc/passwd', join(working, 'passwd.csv'));
    symlinkSync('/etc', join(working, 'etc'));
    const files = await collectOutputFiles(working, OPTIONS);
    expect(files.map((f) => f.path)).toEqual(['sub/notes.txt', 'submission.csv']);
    expect(files[1]).toMatchObject({ sizeBytes: 17, csv: { columns: ['Id', 'y'], rows: 2 } });
    expect(files[1]?.content?.toString()).toBe('Id,y\n1,"a\nb"\n2,c\n');
    expect(files[0]?.sha256).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  it('a named pipe among the outputs is a violation naming it', async () => {
    const working = tempDir();
    mkdirSync(join(working, 'deep'));
    execFileSync('mkfifo', [join(working, 'deep', 'submission.csv')]);
    const error = await violation(collectOutputFiles(working, OPTIONS));
    expect(error.message).toBe('/kaggle/working/deep/submission.csv is a named pipe (FIFO), not a regular file: the host did not read it');
  });

  it('reads no more than its bounds: a file over the per-file bound is listed by size, without hash or content', async () => {
    const working = tempDir();
    writeFileSync(join(working, 'big.bin'), Buffer.alloc(5000));
    writeFileSync(join(working, 'small.txt'), 'ok');
    const files = await collectOutputFiles(working, { maxContentBytes: 1 << 20, maxFileBytes: 4096, maxTotalBytes: 1 << 20 });
    expect(files.find((f) => f.path === 'big.bin')).toMatchObject({ sizeBytes: 5000, sha256: '' });
    expect(files.find((f) => f.path === 'big.bin')?.content).toBeUndefined();
    expect(files.find((f) => f.path === 'small.txt')?.content?.toString()).toBe('ok');
  });
});
