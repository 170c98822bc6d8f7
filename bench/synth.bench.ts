// Template episodes per second: the synth stage (profile, plan, run each program twice, store)
// with the warm pool against the same stage running every program in a fresh sandboxed
// interpreter, both with one job per core, on the fixture shop tables.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { Corpus } from '../corpus/corpus.js';
import { packagePath } from '../src/paths.js';
import { openSandbox, SANDBOX_PATHS, sandboxEnv } from '../src/sandbox/index.js';
import { limitsFor } from '../src/sandbox/limits.js';
import { WarmPool, type PoolJob, type PoolResult } from '../src/sandbox/pool.js';
import { copyRuntime } from '../src/sandbox/runtime-files.js';
import type { JobRunner } from '../src/synth/runner.js';
import { resolveSources } from '../src/synth/sources.js';
import { runSynth } from '../src/synth/stage.js';
import type { Benchmark } from './bench.js';

const PYTHON = process.env.HOOKMINE_PYTHON || '/usr/bin/python3';
const DATA = packagePath('test', 'fixtures', 'synth', 'data');
const INPUTS = [join(DATA, 'shop')];
const PER_CSV = 16;

/** Every job in its own sandboxed interpreter (what running templates without the pool costs). */
async function freshRunner(size: number): Promise<JobRunner & { close(): void }> {
  const sandbox = await openSandbox({ kind: 'local', python: PYTHON, image: '' });
  const dir = mkdtempSync(join(tmpdir(), 'hookmine-fresh-'));
  chmodSync(dir, 0o755);
  copyRuntime(join(dir, 'runtime'));
  const { mounts } = resolveSources(INPUTS, DATA);
  const limit = pLimit(size);
  let n = 0;
  const run = async (job: PoolJob): Promise<PoolResult> => {
    const out = join(dir, `out-${++n}`);
    mkdirSync(out);
    sandbox.executor.prepareWritable(out);
    const seed = job.seed ?? 0;
    const code = `import random, numpy\nrandom.seed(${seed})\nnumpy.random.seed(${seed})\n${job.code}`;
    const r = await sandbox.executor.run({
      argv: [PYTHON, '-s', '-B', '-c', code],
      mounts: [{ host: join(dir, 'runtime'), sandbox: SANDBOX_PATHS.runtime }, { host: out, sandbox: SANDBOX_PATHS.out, writable: true }, ...mounts],
      env: sandboxEnv({ seed, executor: 'local' }),
      cwd: '/tmp',
      limits: limitsFor({ timeoutSeconds: Math.ceil((job.timeoutMs ?? 60_000) / 1000), memoryMb: job.memoryMb ?? 2048 }),
    });
    let hookCaptures: unknown[] = [];
    try {
      hookCaptures = readFileSync(join(out, 'hooks.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    } catch {
      hookCaptures = [];
    }
    rmSync(out, { recursive: true, force: true });
    const last = r.stderr.trim().split('\n').pop() ?? '';
    const [ename, ...rest] = last.split(': ');
    return {
      ok: r.exitCode === 0,
      stdout: r.stdout,
      stderr: r.stderr,
      stdoutBytes: r.stdoutBytes,
      stderrBytes: r.stderrBytes,
      error: r.exitCode === 0 ? undefined : { ename: ename || 'Error', evalue: rest.join(': '), traceback: r.stderr },
      hookCaptures,
      hookCapturesTruncated: false,
      durationMs: r.wallMs,
      timedOut: r.timedOut,
      outputLimited: r.outputLimited,
    };
  };
  return { size, run: (job) => limit(() => run(job)), close: () => rmSync(dir, { recursive: true, force: true }) };
}

async function measure(runner: JobRunner): Promise<{ stored: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hookmine-bench-'));
  const corpus = await Corpus.open(join(dir, 'bench.duckdb'));
  try {
    const s = await runSynth(corpus, { inputs: INPUTS, dataRoot: DATA, perCsv: PER_CSV, seed: 0, jobs: runner.size, timeoutMs: 120_000, memoryMb: 2048, python: PYTHON, runner });
    if (s.failed || s.missing.length || s.stored === 0) throw new Error(`synth failed: ${JSON.stringify({ missing: s.missing, failures: s.failures.slice(0, 3), stored: s.stored })}`);
    return { stored: s.stored, seconds: s.seconds };
  } finally {
    corpus.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'synth-episodes',
    description: `hookmine synth on the fixture shop tables (${PER_CSV} programs per table, each run twice and stored): warm pool vs a fresh sandboxed interpreter per run, one job per core`,
    async run() {
      const cores = availableParallelism();
      const { mounts } = resolveSources(INPUTS, DATA);
      const pool = await WarmPool.start({ mounts, size: cores, limits: { wallMs: 120_000, memoryMb: 2048 }, python: PYTHON });
      let warm;
      try {
        await measure(pool); // warm the page cache and the servers
        warm = await measure(pool);
      } finally {
        await pool.close();
      }
      const fresh = await freshRunner(cores);
      let cold;
      try {
        cold = await measure(fresh);
      } finally {
        fresh.close();
      }
      const warmRate = warm.stored / warm.seconds;
      const coldRate = cold.stored / cold.seconds;
      return [
        { name: `warm pool (${cores} servers)`, value: Number(warmRate.toFixed(2)), unit: 'episodes/s', note: `${warm.stored} episodes in ${warm.seconds} s` },
        { name: `fresh interpreter per run (${cores} at once)`, value: Number(coldRate.toFixed(2)), unit: 'episodes/s', note: `${cold.stored} episodes in ${cold.seconds} s` },
        { name: 'warm pool speed-up', value: Number((warmRate / coldRate).toFixed(1)), unit: 'x', target: { op: '>=', value: 5 } },
      ];
    },
  },
];
