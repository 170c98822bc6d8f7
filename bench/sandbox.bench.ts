// Sandbox costs: the local sandbox (bubblewrap + limits) against bare /usr/bin/python3 on the same
// script, and a small job in the warm pool against a fresh interpreter.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCells } from '../src/execute/run-cells.js';
import { openSandbox, sandboxEnv, type Sandbox } from '../src/sandbox/index.js';
import { limitsFor } from '../src/sandbox/limits.js';
import { WarmPool } from '../src/sandbox/pool.js';
import { time, type Benchmark } from './bench.js';

const PYTHON = process.env.HOOKMINE_PYTHON || '/usr/bin/python3';

// A notebook-sized workload: load the stack, build a table, fit and cross-validate a forest.
const WORKLOAD = `import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import cross_val_score
rng = np.random.RandomState(0)
df = pd.DataFrame(rng.rand(4000, 12), columns=[f"f{i}" for i in range(12)])
df["y"] = (df.f0 + df.f1 * 2 + rng.rand(4000) > 1.8).astype(int)
print(df.describe().T.head())
scores = cross_val_score(RandomForestClassifier(n_estimators=60, random_state=0), df.drop(columns="y"), df.y, cv=4)
print("cv accuracy", scores.mean())
`;

const SMALL_JOB = 'import pandas as pd\ndf = pd.DataFrame({"a": range(100), "b": range(100)})\nprint(df.a.sum() + df.b.mean())';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function bare(script: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(PYTHON, ['-s', '-B', script], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`bare python exited ${code}`))));
  });
}

async function sandboxed(sandbox: Sandbox, dir: string, env: Record<string, string>): Promise<number> {
  const start = performance.now();
  const r = await sandbox.executor.run({
    argv: [PYTHON, '-s', '-B', '/bench/workload.py'],
    mounts: [{ host: dir, sandbox: '/bench' }],
    env,
    cwd: '/tmp',
    limits: limitsFor({ timeoutSeconds: 300 }),
  });
  if (r.exitCode !== 0) throw new Error(`sandboxed run failed: ${r.sandboxError ?? r.stderr.slice(0, 300)}`);
  return performance.now() - start;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'sandbox-overhead',
    description: 'a notebook-sized pandas/sklearn script: local sandbox (bwrap, limits, cleared env) vs bare /usr/bin/python3 script.py, median of 5 interleaved runs',
    async run() {
      const sandbox = await openSandbox({ kind: 'local', python: PYTHON, image: '' });
      const dir = mkdtempSync(join(tmpdir(), 'hookmine-bench-'));
      chmodSync(dir, 0o755);
      const script = join(dir, 'workload.py');
      writeFileSync(script, WORKLOAD);
      chmodSync(script, 0o644);
      // Both get the sandbox's environment (one BLAS thread, Agg backend), so only isolation differs.
      const env = sandboxEnv({ seed: 0, executor: 'local' });
      const { PYTHONPATH: _omit, MPLBACKEND: _mpl, ...bareEnv } = env;
      try {
        await bare(script, bareEnv); // warm the page cache
        const bareMs: number[] = [];
        const boxMs: number[] = [];
        const cellsMs: number[] = [];
        for (let i = 0; i < 5; i++) {
          bareMs.push(await bare(script, bareEnv));
          boxMs.push(await sandboxed(sandbox, dir, env));
          const { ms, result } = await time(() => runCells({ sandbox, cells: [{ cellIndex: 0, code: WORKLOAD }], limits: { wallMs: 300_000 } }));
          if (result.failure) throw new Error(`runCells failed: ${result.failure.detail}`);
          cellsMs.push(ms);
        }
        const b = median(bareMs);
        const s = median(boxMs);
        const c = median(cellsMs);
        return [
          { name: 'bare python script.py', value: Math.round(b), unit: 'ms' },
          { name: 'same script in the local sandbox', value: Math.round(s), unit: 'ms' },
          { name: 'sandbox overhead ratio', value: Number((s / b).toFixed(3)), unit: 'x', target: { op: '<=', value: 1.05 } },
          { name: 'as a notebook cell through runCells (runner, capture, staging)', value: Math.round(c), unit: 'ms', note: `ratio ${(c / b).toFixed(3)}x` },
        ];
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'warm-pool',
    description: 'a small pandas job: warm pool (fork of a server that imported pandas/numpy/sklearn) vs a fresh sandboxed interpreter that imports them, mean of 40 jobs',
    async run() {
      const sandbox = await openSandbox({ kind: 'local', python: PYTHON, image: '' });
      const env = sandboxEnv({ seed: 0, executor: 'local' });
      const fresh: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        const r = await sandbox.executor.run({ argv: [PYTHON, '-s', '-B', '-c', `import numpy, pandas, sklearn\n${SMALL_JOB}`], mounts: [], env, cwd: '/tmp', limits: limitsFor({ timeoutSeconds: 60 }) });
        if (r.exitCode !== 0) throw new Error(`fresh interpreter failed: ${r.stderr.slice(0, 300)}`);
        fresh.push(performance.now() - start);
      }
      const pool = await WarmPool.start({ size: 1, limits: { wallMs: 30_000, memoryMb: 1024 } });
      try {
        await pool.run({ code: SMALL_JOB });
        const n = 40;
        const { ms } = await time(async () => {
          for (let i = 0; i < n; i++) {
            const r = await pool.run({ code: SMALL_JOB });
            if (!r.ok) throw new Error(`pool job failed: ${r.error?.evalue}`);
          }
        });
        const perJob = ms / n;
        const freshMs = median(fresh);
        return [
          { name: 'fresh sandboxed interpreter per job', value: Math.round(freshMs), unit: 'ms' },
          { name: 'warm pool per job (round trip)', value: Number(perJob.toFixed(1)), unit: 'ms' },
          { name: 'warm pool speed-up', value: Number((freshMs / perJob).toFixed(1)), unit: 'x', target: { op: '>=', value: 10 } },
        ];
      } finally {
        await pool.close();
      }
    },
  },
];
