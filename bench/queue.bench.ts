// The job queue against the in-process path, measured in one run on this machine: Debian's
// redis-server on a free loopback port, real `hookmine worker` processes (--jobs 1 each).
//   - per-job overhead: trivial runs one at a time, through the queue and in-process, interleaved
//     in blocks so load from elsewhere falls on both (target: at most 20 ms a job);
//   - throughput: the demo notebooks executed through the queue by 1 worker, then by 2 (target:
//     2 workers at least 1.7 times as fast).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Corpus } from '../corpus/corpus.js';
import { insertExecution, storedCells } from '../corpus/executions.js';
import { notebookToScript } from '../extractors/notebook-script.js';
import { executeNotebooks, newExecutionId } from '../src/execute/execute.js';
import { checkReproduction } from '../src/execute/reproduce.js';
import { executionRows } from '../src/execute/rows.js';
import { runCellsHere, setCellRunner } from '../src/execute/run-cells.js';
import { ingestPaths } from '../src/ingest/ingest.js';
import { QueueCoordinator } from '../src/queue/coordinator.js';
import { openSandbox } from '../src/sandbox/index.js';
import { time, type Benchmark } from './bench.js';

const PYTHON = process.env.HOOKMINE_PYTHON || '/usr/bin/python3';
const BIN = fileURLToPath(new URL('../../bin/hookmine.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../../samples/demo', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Start a process and wait for a line of its output. */
function startUntil(cmd: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const stop = () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
      });
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) resolve(stop);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${cmd} exited (${code}) before it was ready: ${out.slice(-500)}`)));
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** How many results a coordinator stores per second: one demo notebook's result, stored again and again. */
async function storeRate(db: string, sandbox: Awaited<ReturnType<typeof openSandbox>>, dataRoot: string): Promise<number> {
  const corpus = await Corpus.open(db);
  try {
    await ingestPaths(corpus, [join(DEMO, 'notebooks', 'lemonade-stand', 'gus--lemonade-first-try.ipynb')], { maxBytes: 64 * 1024 * 1024 });
    const [nb] = await corpus.query<{ notebook_id: string }>('SELECT notebook_id FROM notebooks');
    const cells = await storedCells(corpus, nb?.notebook_id as string);
    const script = notebookToScript(cells.map((c) => ({ cellIndex: c.cell_index, cellType: c.cell_type, source: c.source })), { competition: 'lemonade-stand', dataFiles: [] });
    const result = await runCellsHere({ sandbox, cells: script.cells, competition: 'lemonade-stand', dataDir: join(dataRoot, 'lemonade-stand') });
    const repro = checkReproduction(result, [], [], { rtol: 1e-5, atol: 1e-8 });
    const n = 200;
    const { ms } = await time(async () => {
      for (let i = 0; i < n; i++) await insertExecution(corpus, executionRows({ executionId: newExecutionId(), notebookId: nb?.notebook_id as string, purpose: 'reference', runId: null, result, reproduction: repro }));
    });
    return n / (ms / 1000);
  } finally {
    corpus.close();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'queue',
    description: 'sandbox runs through BullMQ/Redis workers against the in-process path (ratios from one run)',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'hookmine-bench-queue-'));
      chmodSync(dir, 0o755);
      const stops: (() => Promise<void>)[] = [];
      try {
        const port = await freePort();
        stops.push(await startUntil('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], /Ready to accept connections/));
        const url = `redis://127.0.0.1:${port}`;
        const dataRoot = join(DEMO, 'data');
        const worker = (name: string) => startUntil(process.execPath, [BIN, '--data-root', dataRoot, 'worker', '--queue', url, '--jobs', '1', '--name', name], /waiting for runs/, { ...process.env, HOOKMINE_DB: '' });
        stops.push(await worker('bench-1'));
        const sandbox = await openSandbox({ kind: 'local', python: PYTHON, image: '' });

        // Per-job overhead: trivial runs one at a time; distinct code so every job id is new.
        let n = 0;
        const trivial = () => ({ cells: [{ cellIndex: 0, code: `x = ${n++}` }], sandbox });
        const local: number[] = [];
        const queued: number[] = [];
        const inWorker: number[] = [];
        let coordinator = await QueueCoordinator.open(url);
        for (let i = 0; i < 3; i++) await coordinator.run(trivial()); // warm both paths
        for (let i = 0; i < 3; i++) await runCellsHere(trivial());
        // Pairs, one after the other: load from elsewhere falls on both halves alike.
        for (let i = 0; i < 40; i++) {
          local.push((await time(() => runCellsHere(trivial()))).ms);
          const before = coordinator.workerMs;
          queued.push((await time(() => coordinator.run(trivial()))).ms);
          inWorker.push(coordinator.workerMs - before);
        }
        await coordinator.close();
        // The queue's own cost: what the coordinator waited beyond the worker's time on the job
        // (the same runCellsHere the in-process path runs), free of the sandbox's noise.
        const overhead = mean(queued.map((q, i) => q - (inWorker[i] as number)));
        const pairedDiff = median(queued.map((q, i) => q - (local[i] as number)));

        // Throughput on the demo notebooks: 1 worker, then 2 (each --jobs 1).
        const corpus = await Corpus.open(join(dir, 'bench.duckdb'));
        const rounds: Record<number, number> = {};
        const byWorker: Record<number, Record<string, number>> = {};
        try {
          await ingestPaths(corpus, [join(DEMO, 'notebooks')], { maxBytes: 64 * 1024 * 1024 });
          for (const workers of [1, 2]) {
            if (workers === 2) stops.push(await worker('bench-2'));
            coordinator = await QueueCoordinator.open(url);
            setCellRunner(coordinator.run);
            try {
              const options = { sandbox, dataRoot, limits: { wallMs: 300_000, memoryMb: 4096 }, tolerance: { rtol: 1e-5, atol: 1e-8 }, jobs: 16, rerun: true };
              rounds[workers] = (await time(() => executeNotebooks(corpus, options))).ms;
              byWorker[workers] = coordinator.summary().workers;
            } finally {
              setCellRunner(null);
              await coordinator.close(); // removes the jobs, so the next round runs them afresh
            }
          }
        } finally {
          corpus.close();
        }
        const ratio = (rounds[1] as number) / (rounds[2] as number);
        const writes = await storeRate(join(dir, 'writes.duckdb'), sandbox, dataRoot);
        const load = loadavg()
          .map((l) => l.toFixed(1))
          .join(' ');
        return [
          { name: 'trivial run in-process', value: Math.round(mean(local) * 10) / 10, unit: 'ms', note: `${local.length} runs of \`x = n\` in the local sandbox` },
          { name: 'trivial run through the queue', value: Math.round(mean(queued) * 10) / 10, unit: 'ms', note: `${queued.length} runs, one worker, one at a time` },
          { name: 'queue overhead per job', value: Math.round(overhead * 10) / 10, unit: 'ms', target: { op: '<=', value: 20 }, note: 'coordinator wait minus the worker\'s time on the job (enqueue, pick-up, result, event)' },
          { name: 'queue against in-process, paired (median difference)', value: Math.round(pairedDiff * 10) / 10, unit: 'ms', note: `mean ratio ${(mean(queued) / mean(local)).toFixed(3)}; includes the sandbox's run-to-run noise` },
          { name: 'demo notebooks, 1 worker', value: Math.round((rounds[1] as number) / 100) / 10, unit: 's', note: JSON.stringify(byWorker[1]) },
          { name: 'demo notebooks, 2 workers', value: Math.round((rounds[2] as number) / 100) / 10, unit: 's', note: JSON.stringify(byWorker[2]) },
          { name: 'results the single corpus writer stores', value: Math.round(writes), unit: 'per s', note: 'one demo notebook\'s execution rows (cells, files, checks), one transaction each, one after the other' },
          { name: '2 workers against 1 (throughput ratio)', value: Math.round(ratio * 100) / 100, unit: 'x', target: { op: '>=', value: 1.7 }, note: `${availableParallelism()} cores, load average ${load} at the end` },
        ];
      } finally {
        for (const stop of stops.reverse()) await stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
