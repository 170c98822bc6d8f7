// Notebook code that attacks the host or the pipeline is contained and reported: no network, no
// secrets, no writes outside /kaggle/working, bounded processes, memory, time and output; and the
// next run works as usual.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCells } from '../../src/execute/run-cells.js';
import { checkExtraEnv } from '../../src/sandbox/index.js';
import { tempDir } from '../helpers/tmp.js';
import { cells, localSandbox, NO_SANDBOX, TOY_DATA } from '../execute/sandbox-helper.js';
import { hostProcessesWith } from '../helpers/processes.js';

/** Host processes whose command line contains `marker` (to prove nothing outlived its sandbox). */
describe.skipIf(NO_SANDBOX)(`containment of hostile notebook code${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  const secret = 'kaggle-secret-value-7f3a9c';
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.end('hello from the host\n');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as { port: number }).port;
    for (const [k, v] of Object.entries({ KAGGLE_KEY: secret, KAGGLE_USERNAME: 'someone', OPENAI_API_KEY: `sk-${secret}`, GITHUB_TOKEN: `ghp_${secret}` })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });

  afterAll(() => {
    server.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it("cannot connect to a server on the host's loopback, or anywhere else", async () => {
    const r = await runCells({
      sandbox: await localSandbox(),
      cells: cells(`import socket\nfor host, p in [("127.0.0.1", ${port}), ("10.0.0.1", 80), ("1.1.1.1", 53)]:\n    try:\n        socket.create_connection((host, p), timeout=2).recv(100)\n        print(host, "CONNECTED")\n    except OSError as e:\n        print(host, type(e).__name__)`, `import urllib.request\nurllib.request.urlopen("http://example.org", timeout=3)`),
    });
    expect(connections).toBe(0);
    expect(r.cells[0]?.stdout).not.toContain('CONNECTED');
    expect(r.cells[0]?.stdout).toMatch(/^127\.0\.0\.1 ConnectionRefusedError\n10\.0\.0\.1 OSError\n1\.1\.1\.1 OSError\n$/);
    expect(r.failure?.reason).toBe('error');
    expect(r.error?.ename).toBe('URLError');
  });

  it('cannot read kaggle.json, the host home or the secret environment variables', async () => {
    const hostDir = tempDir();
    mkdirSync(join(hostDir, '.kaggle'));
    writeFileSync(join(hostDir, '.kaggle', 'kaggle.json'), JSON.stringify({ username: 'someone', key: secret }));
    const r = await runCells({
      sandbox: await localSandbox(),
      cells: cells(
        `import os\npaths = [os.path.expanduser("~/.kaggle/kaggle.json"), "/root/.kaggle/kaggle.json", ${JSON.stringify(join(hostDir, '.kaggle', 'kaggle.json'))}, "/etc/shadow", "/work"]\nfor p in paths:\n    try:\n        print(p, open(p).read()[:40] if os.path.isfile(p) else os.listdir(p))\n    except OSError as e:\n        print(p, type(e).__name__)`,
        'import os\nprint(sorted(os.environ))\nfor pid in ("self", "1"):\n    try:\n        print(pid, open(f"/proc/{pid}/environ", "rb").read())\n    except OSError as e:\n        print(pid, type(e).__name__)',
      ),
    });
    expect(r.failure).toBeNull();
    const everything = JSON.stringify(r);
    expect(everything).not.toContain(secret);
    expect(r.cells[0]?.stdout.split('\n').filter(Boolean).every((l) => / FileNotFoundError$/.test(l))).toBe(true);
    const names = r.cells[1]?.stdout.split('\n')[0] ?? '';
    expect(names).not.toMatch(/KAGGLE|OPENAI|GITHUB|TOKEN/);
    expect(names).toContain('HOOKMINE_HOOK_OUT');
    expect(() => checkExtraEnv({ KAGGLE_KEY: 'x' })).toThrow(/KAGGLE_KEY cannot be passed into the sandbox/);
    expect(() => checkExtraEnv({ MY_API_TOKEN: 'x' })).toThrow(/credential/);
  });

  it('cannot write outside /kaggle/working: not to the data, the runtime, the host, or the system', async () => {
    const hostDir = tempDir();
    const before = readdirSync(TOY_DATA).sort();
    const r = await runCells({
      sandbox: await localSandbox(),
      competition: 'toy-competition',
      dataDir: TOY_DATA,
      cells: cells(
        `import os\ntargets = ["/kaggle/input/toy-competition/train.csv", "/kaggle/input/toy-competition/new.csv", "/kaggle/input/new.csv", "/hookmine/runtime/hookmine_runner.py", "/usr/lib/evil.py", "/etc/passwd", ${JSON.stringify(join(hostDir, 'escaped.txt'))}, "/kaggle/working/ok.txt", "/tmp/scratch.txt"]\nfor t in targets:\n    try:\n        with open(t, "a") as f:\n            f.write("pwned")\n        print(t, "WROTE")\n    except OSError as e:\n        print(t, type(e).__name__)`,
      ),
    });
    const lines = r.cells[0]?.stdout.trim().split('\n') ?? [];
    expect(lines.filter((l) => l.endsWith('WROTE'))).toEqual(['/kaggle/working/ok.txt WROTE', '/tmp/scratch.txt WROTE']);
    expect(lines.filter((l) => !l.endsWith('WROTE')).every((l) => / (OSError|PermissionError|FileNotFoundError)$/.test(l))).toBe(true);
    expect(readdirSync(TOY_DATA).sort()).toEqual(before);
    expect(readFileSync(join(TOY_DATA, 'train.csv'), 'utf8')).not.toContain('pwned');
    expect(existsSync(join(hostDir, 'escaped.txt'))).toBe(false);
    expect(existsSync('/tmp/scratch.txt') && readFileSync('/tmp/scratch.txt', 'utf8').includes('pwned')).toBe(false);
    expect(r.files.map((f) => f.path)).toEqual(['ok.txt']);
  });

  it('contains a fork bomb: process creation is bounded and nothing outlives the sandbox', async () => {
    const sandbox = await localSandbox();
    const bounded = await runCells({
      sandbox,
      limits: { maxProcs: 64, wallMs: 30_000 },
      cells: cells('import os\nn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            os.execv("/bin/sleep", ["sleep", "876543"])\n        n += 1\nexcept OSError as e:\n    print("blocked after", n, type(e).__name__)'),
    });
    expect(bounded.failure).toBeNull();
    const n = Number(/blocked after (\d+) BlockingIOError/.exec(bounded.cells[0]?.stdout ?? '')?.[1]);
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(64);
    expect(hostProcessesWith('876543')).toEqual([]);
    const bomb = await runCells({ sandbox, limits: { maxProcs: 64, wallMs: 30_000 }, cells: cells('import os\nwhile True:\n    os.fork()', 'print("after")') });
    expect(bomb.failure?.reason).toBe('error');
    expect(bomb.error?.ename).toBe('BlockingIOError');
    expect(bomb.cells.map((c) => c.status)).toEqual(['error', 'not_run']);
    expect(bomb.wallMs).toBeLessThan(20_000);
  });

  it('stops unbounded memory with MemoryError and reports memory', async () => {
    const sandbox = await localSandbox();
    const list = await runCells({ sandbox, limits: { memoryMb: 768 }, cells: cells('import numpy\nhog = []\nwhile True:\n    hog.append(bytearray(50 * 1024 * 1024))') });
    expect(list.failure).toMatchObject({ reason: 'memory' });
    expect(list.failure?.detail).toMatch(/memory limit of 768 MiB reached in cell 0: MemoryError/);
    const numpy = await runCells({ sandbox, limits: { memoryMb: 768 }, cells: cells('import numpy as np\nbig = np.ones((100_000, 100_000))') });
    expect(numpy.failure?.reason).toBe('memory');
  });

  it('stops an endless loop at the wall-clock limit, and at the CPU limit', async () => {
    const sandbox = await localSandbox();
    const wall = await runCells({ sandbox, limits: { wallMs: 2_000 }, cells: cells('print("start")', 'while True:\n    pass', 'print("never")') });
    expect(wall.failure).toEqual({ reason: 'timeout', detail: 'wall-clock limit of 2 s reached in cell 1' });
    expect(wall.cells.map((c) => c.status)).toEqual(['ok', 'timeout', 'not_run']);
    expect(wall.cells[0]?.stdout).toBe('start\n');
    expect(wall.wallMs).toBeLessThan(6_000);
    const cpu = await runCells({ sandbox, limits: { wallMs: 30_000, cpuSeconds: 2 }, cells: cells('while True:\n    pass') });
    expect(cpu.failure).toEqual({ reason: 'timeout', detail: 'CPU time limit reached in cell 0' });
  });

  it('sleeping forever ends at the timeout and leaves no process behind', async () => {
    const r = await runCells({
      sandbox: await localSandbox(),
      limits: { wallMs: 2_000 },
      cells: cells('import subprocess, time\nsubprocess.Popen(["sleep", "987654"])\ntime.sleep(10 ** 6)'),
    });
    expect(r.failure?.reason).toBe('timeout');
    await new Promise((ok) => setTimeout(ok, 200));
    expect(hostProcessesWith('987654')).toEqual([]);
  });

  it('stops a run that prints a gigabyte, through Python or straight to the file descriptor', async () => {
    const sandbox = await localSandbox();
    const limits = { maxOutputBytes: 8 * 1024 * 1024 };
    const viaPrint = await runCells({ sandbox, limits, cells: cells('chunk = "x" * (1 << 20)\nfor _ in range(1024):\n    print(chunk)') });
    expect(viaPrint.failure).toEqual({ reason: 'error', detail: 'output limit: the run printed more than 8388608 bytes in cell 0' });
    expect(viaPrint.cells[0]?.stdout.length).toBeLessThanOrEqual(64 * 1024);
    const viaFd = await runCells({ sandbox, limits, cells: cells('import os\nchunk = b"x" * (1 << 20)\nfor _ in range(1024):\n    os.write(1, chunk)') });
    expect(viaFd.failure?.detail).toMatch(/^output limit: the run printed more than 8388608 bytes/);
    expect(viaFd.stdoutBytes).toBeLessThan(64 * 1024 * 1024);
    expect(viaFd.stdout.length).toBeLessThanOrEqual(256 * 1024);
  });

  it('stops a file that grows without bound at the file-size limit', async () => {
    const r = await runCells({ sandbox: await localSandbox(), limits: { maxFileBytes: 1024 * 1024 }, cells: cells('with open("big.bin", "wb") as f:\n    for _ in range(100):\n        f.write(b"x" * 65536)') });
    expect(r.error?.evalue).toMatch(/File too large/);
    expect(r.files[0]?.sizeBytes).toBeLessThanOrEqual(1024 * 1024);
  });

  it('the host and the pipeline carry on after all of that', async () => {
    const r = await runCells({ sandbox: await localSandbox(), cells: cells('print(sum(range(10)))') });
    expect(r.failure).toBeNull();
    expect(r.cells[0]?.stdout).toBe('45\n');
    expect(spawnSync('/bin/true').status).toBe(0);
  });
});
