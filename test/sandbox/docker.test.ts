import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerSpec, DEFAULT_DOCKER_SOCKET, DockerExecutor, dockerEngineConfigured } from '../../src/sandbox/docker.js';
import { limitsFor, sandboxEnv } from '../../src/sandbox/index.js';
import { runCells } from '../../src/execute/run-cells.js';
import { probeInSandbox } from '../../src/sandbox/probe.js';
import { TOY_DATA } from '../execute/sandbox-helper.js';

const IMAGE = process.env.HOOKMINE_DOCKER_IMAGE || 'gcr.io/kaggle-images/python';
const NO_ENGINE = !dockerEngineConfigured();

describe('containerSpec (the docker sandbox, as configuration)', () => {
  const spec = {
    argv: ['python', '/hookmine/runtime/hookmine_runner.py', '/hookmine/job/job.json'],
    mounts: [
      { host: '/data/titanic', sandbox: '/kaggle/input/titanic' },
      { host: '/tmp/run/working', sandbox: '/kaggle/working', writable: true },
    ],
    env: sandboxEnv({ seed: 0, executor: 'docker' as const }),
    cwd: '/kaggle/working',
    limits: limitsFor({ timeoutSeconds: 60, memoryMb: 2048, maxProcs: 128 }),
  };

  it('disables the network, makes the root read-only with a tmpfs /tmp, and drops capabilities', () => {
    const c = containerSpec(spec, 'gcr.io/kaggle-images/python', '61234');
    expect(c).toMatchObject({ Image: 'gcr.io/kaggle-images/python', NetworkDisabled: true, User: '61234', WorkingDir: '/kaggle/working' });
    expect(c.HostConfig).toMatchObject({ NetworkMode: 'none', ReadonlyRootfs: true, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], Tmpfs: { '/tmp': 'rw,exec,size=1024m' } });
  });

  it('mounts the data read-only and only the working folder writable', () => {
    expect(containerSpec(spec, 'img', '0').HostConfig?.Binds).toEqual(['/data/titanic:/kaggle/input/titanic:ro', '/tmp/run/working:/kaggle/working:rw']);
  });

  it('limits memory, CPU, processes and file size, and passes exactly the sandbox environment', () => {
    const c = containerSpec(spec, 'img', '0');
    expect(c.HostConfig).toMatchObject({ Memory: 2048 * 1024 * 1024, MemorySwap: 2048 * 1024 * 1024, NanoCpus: 1e9, PidsLimit: 128 });
    expect(c.HostConfig?.Ulimits).toContainEqual({ Name: 'cpu', Soft: 70, Hard: 75 });
    expect(c.Env).toContain('PYTHONHASHSEED=0');
    expect(c.Env).toContain('OPENBLAS_NUM_THREADS=1');
    expect(c.Env?.some((e) => /^(KAGGLE|OPENAI)/.test(e))).toBe(false);
    expect(c.Env?.find((e) => e.startsWith('PATH='))).toMatch(/\/opt\/conda\/bin/);
  });
});

describe.skipIf(NO_ENGINE)(`docker executor against a real engine${NO_ENGINE ? ` (skipped: no Docker engine reachable at ${DEFAULT_DOCKER_SOCKET} and DOCKER_HOST is unset)` : ''}`, () => {
  it(`runs notebook cells in ${IMAGE} with the data mounted and no network`, async () => {
    const executor = await DockerExecutor.connect(IMAGE);
    const sandbox = { executor, probe: await probeInSandbox(executor) };
    const r = await runCells({
      sandbox,
      competition: 'toy-competition',
      dataDir: TOY_DATA,
      cells: [
        { cellIndex: 0, code: 'import pandas as pd\nprint(pd.read_csv("/kaggle/input/toy-competition/train.csv").shape)' },
        { cellIndex: 1, code: 'import socket\ntry:\n    socket.create_connection(("1.1.1.1", 53), timeout=2)\n    print("CONNECTED")\nexcept OSError as e:\n    print("offline")' },
        { cellIndex: 2, code: 'open("/kaggle/working/out.txt", "w").write("x")\ntry:\n    open("/usr/evil", "w")\nexcept OSError:\n    print("read-only root")' },
      ],
    });
    expect(r.failure).toBeNull();
    expect(r.cells.map((c) => c.stdout)).toEqual(['(120, 5)\n', 'offline\n', 'read-only root\n']);
    expect(r.files.map((f) => f.path)).toEqual(['out.txt']);
    expect(r.environment.executor).toBe('docker');
  }, 300_000);

  it('stops an endless loop at the timeout', async () => {
    const executor = await DockerExecutor.connect(IMAGE);
    const dir = mkdtempSync(join(tmpdir(), 'hookmine-docker-'));
    try {
      writeFileSync(join(dir, 'loop.py'), 'while True:\n    pass\n');
      const r = await executor.run({ argv: ['python', '/x/loop.py'], mounts: [{ host: dir, sandbox: '/x' }], env: sandboxEnv({ seed: 0, executor: 'docker' }), cwd: '/tmp', limits: limitsFor({ timeoutSeconds: 3 }) });
      expect(r.timedOut).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
