import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarmPool } from '../../src/sandbox/pool.js';
import { NO_SANDBOX, TOY_DATA } from '../execute/sandbox-helper.js';
import { scaledBudget } from '../helpers/budget.js';

describe.skipIf(NO_SANDBOX)(`WarmPool${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  let pool: WarmPool;

  beforeAll(async () => {
    pool = await WarmPool.start({ size: 2, mounts: [{ host: TOY_DATA, sandbox: '/data' }], limits: { wallMs: scaledBudget(20_000), memoryMb: 1024, maxOutputBytes: 4 * 1024 * 1024, maxProcs: 64 } });
  }, scaledBudget(60_000));

  afterAll(async () => {
    await pool?.close();
  });

  it('runs a job with the data stack already imported, reading the read-only mounts', async () => {
    const r = await pool.run({ code: 'import sys\nprint("pandas" in sys.modules)\nimport pandas as pd\nprint(pd.read_csv("/data/train.csv").shape)' });
    expect(r).toMatchObject({ ok: true, stdout: 'True\n(120, 5)\n', stderr: '', timedOut: false });
    expect(r.durationMs).toBeLessThan(5_000);
  });

  it('gives every job fresh globals and reports its exception with a traceback', async () => {
    await pool.run({ code: 'leak = 1' });
    const r = await pool.run({ code: 'print(leak)' });
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ ename: 'NameError', evalue: "name 'leak' is not defined" });
    expect(r.error?.traceback).toContain('File "<job>", line 1');
  });

  it('runs jobs in parallel on its servers', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((i) => pool.run({ code: `import time\ntime.sleep(0.2)\nprint(${i} * 10)` })));
    expect(results.map((r) => r.stdout)).toEqual(['10\n', '20\n', '30\n', '40\n']);
  });

  it('returns hook captures written to HOOKMINE_HOOK_OUT, outside the job folder', async () => {
    const r = await pool.run({ code: 'import os, json\nout = os.environ["HOOKMINE_HOOK_OUT"]\nopen(out, "a").write(json.dumps({"name": "n", "value": 3}) + "\\n")\nprint(out.startswith(os.getcwd()), os.listdir("."))' });
    expect(r).toMatchObject({ ok: true, stdout: 'False []\n' });
    expect(r.hookCaptures).toEqual([{ name: 'n', value: 3 }]);
  });

  it('kills a job that loops forever at its timeout and carries on', async () => {
    const r = await pool.run({ code: 'while True:\n    pass', timeoutMs: 1_000 });
    expect(r).toMatchObject({ ok: false, timedOut: true, error: { ename: 'TimeoutError' } });
    expect((await pool.run({ code: 'print("next")' })).stdout).toBe('next\n');
  });

  it('stops a job that eats memory, one that prints without end, and a fork bomb; the pool carries on', async () => {
    const memory = await pool.run({ code: 'hog = []\nwhile True:\n    hog.append(bytearray(50 * 1024 * 1024))', memoryMb: 512 });
    expect(memory.error?.ename).toBe('MemoryError');
    const printing = await pool.run({ code: 'chunk = "x" * (1 << 20)\nwhile True:\n    print(chunk)' });
    expect(printing).toMatchObject({ ok: false, outputLimited: true, error: { ename: 'OutputLimitExceeded' } });
    expect(printing.stdout.length).toBeLessThanOrEqual(1024 * 1024);
    const bomb = await pool.run({ code: 'import os\nwhile True:\n    os.fork()', timeoutMs: scaledBudget(10_000) });
    expect(bomb.ok).toBe(false);
    expect(bomb.error?.ename).toBe('BlockingIOError');
    const after = await Promise.all([pool.run({ code: 'print(1)' }), pool.run({ code: 'print(2)' })]);
    expect(after.map((r) => r.stdout)).toEqual(['1\n', '2\n']);
  }, scaledBudget(60_000));

  it('has no network and cannot write to its mounts', async () => {
    const r = await pool.run({
      code: 'import socket\ntry:\n    socket.create_connection(("1.1.1.1", 53), timeout=2)\nexcept OSError as e:\n    print("no network", type(e).__name__)\ntry:\n    open("/data/train.csv", "a")\nexcept OSError as e:\n    print("read-only", isinstance(e, OSError))',
    });
    expect(r.stdout).toBe('no network OSError\nread-only True\n');
  });

  it('restarts its server when a job kills it', async () => {
    const before = pool.restarts;
    const killer = await pool.run({ code: 'import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nimport time\ntime.sleep(5)' });
    expect(killer).toMatchObject({ ok: false, error: { ename: 'PoolServerDied' } });
    const next = await Promise.all([pool.run({ code: 'import pandas\nprint("alive")' }), pool.run({ code: 'print("alive")' })]);
    expect(next.map((r) => r.stdout)).toEqual(['alive\n', 'alive\n']);
    expect(pool.restarts).toBe(before + 1);
  });

  it('refuses credential-looking environment variables for a job', () => {
    expect(() => pool.run({ code: 'pass', env: { KAGGLE_KEY: 'x' } })).toThrow(/KAGGLE_KEY/);
  });
});
