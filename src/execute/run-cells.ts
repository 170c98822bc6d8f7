// runCells: run cells in the sandbox the way a Jupyter kernel runs a notebook (one interpreter,
// shared globals, stop at the first failing cell) and capture everything the run produced.
// Every stage that executes code (reference runs, hooked runs, repairs) goes through here.
import { join } from 'node:path';
import { joinScript, type Deviation } from '../../extractors/notebook-script.js';
import { SandboxViolationError } from '../errors.js';
import { limitsFor, sandboxEnv, SANDBOX_PATHS } from '../sandbox/index.js';
import { runtimeDigest } from '../sandbox/runtime-files.js';
import { readSandboxFile } from '../sandbox/safe-read.js';
import { classifyFailure } from './classify.js';
import { describeEnvironment } from './environment.js';
import { parseEvents } from './events.js';
import { collectOutputFiles } from './files.js';
import { NOTEBOOK_SOURCE_FILE, stageJob } from './job.js';
import type { ExecutionResult, RunRequest } from './types.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const MAX_EVENTS_BYTES = 64 * MiB;
const MAX_HOOK_BYTES = 256 * MiB;
/** bytes read back from /kaggle/working in all (hashes, CSV counts, contents) */
const MAX_OUTPUT_READ_BYTES = 4096 * MiB;

/**
 * What the host reads back after a run, all of it written (or replaceable) by the notebook: each
 * read is a safe one (src/sandbox/safe-read.ts), and the first violation is kept as the run's
 * failure while the other reads go on with what is safe to read.
 */
class ReadBack {
  violation: SandboxViolationError | null = null;

  async guard<T>(read: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof SandboxViolationError)) throw error;
      this.violation ??= error;
      return fallback;
    }
  }

  /** The first `max` bytes of a result file in the runner's output folder, as text. */
  text(outDir: string, name: string, max: number): Promise<string> {
    return this.guard(async () => (await readSandboxFile(join(outDir, name), max, `${SANDBOX_PATHS.out}/${name}`))?.bytes.toString('utf8') ?? '', '');
  }
}

function parseHookCaptures(text: string, max: number): { captures: unknown[]; truncated: boolean } {
  const captures: unknown[] = [];
  let truncated = false;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (captures.length >= max) {
      truncated = true;
      break;
    }
    try {
      captures.push(JSON.parse(line));
    } catch {
      truncated = true; // a line cut off by a kill or by the size bound
    }
  }
  return { captures, truncated };
}

/** The run-wide deviation every run has: seeding, which Kaggle does not do. */
export function seedDeviation(seed: number): Deviation {
  return {
    kind: 'seeded',
    cell: null,
    line: null,
    before: 'unseeded random, numpy.random; random PYTHONHASHSEED',
    after: `random.seed(${seed}); numpy.random.seed(${seed}); PYTHONHASHSEED=${seed}`,
    detail: 'fixed seeds make runs repeatable; Kaggle runs are not seeded',
  };
}

/** A module that is not installed, bound to a placeholder so the cells before its first use run. */
export function placeholderDeviation(p: { module: string; cell: number | null }): Deviation {
  return {
    kind: 'module_placeholder',
    cell: p.cell,
    line: null,
    before: `import ${p.module}`,
    after: `${p.module} bound to a placeholder that raises ModuleNotFoundError at its first use`,
    detail: `${p.module} is not installed here; the cells before its first use still run`,
  };
}

/** Where runCells sends its runs instead of the local sandbox (the job queue, `--queue`). */
export type CellRunner = (request: RunRequest) => Promise<ExecutionResult>;
let remote: CellRunner | null = null;

/** Route every later runCells call of this process through `runner` (null: back to the local sandbox). */
export function setCellRunner(runner: CellRunner | null): void {
  remote = runner;
}

export function runCells(request: RunRequest): Promise<ExecutionResult> {
  return remote ? remote(request) : runCellsHere(request);
}

/** Run in this machine's sandbox (what a queue worker does with each job). */
export async function runCellsHere(request: RunRequest): Promise<ExecutionResult> {
  const startedAt = new Date();
  const { executor, probe } = request.sandbox;
  const seed = request.seed ?? 0;
  const limits = limitsFor(request.limits ?? {});
  const keepBytes = request.keepBytes ?? 64 * KiB;
  const env = sandboxEnv({ seed, executor: executor.info.kind, extra: request.env });
  const competition = request.competition ?? null;
  const dataDir = request.dataDir ?? null;
  const flatInput = request.flatInput ?? false;
  const job = {
    cells: request.cells.map((c) => ({ cellIndex: c.cellIndex, code: c.code, ...(c.capture ? { capture: c.capture } : {}) })),
    seed,
    eventsPath: `${SANDBOX_PATHS.out}/events.jsonl`,
    keepBytes,
    totalKeepBytes: Math.max(keepBytes, 8 * MiB),
    maxOutputBytes: limits.maxOutputBytes,
  };
  const staged = stageJob({ executor, job, competition, dataDir, flatInput, extraMounts: request.mounts ?? [], notebookSource: request.cells });
  try {
    const outcome = await executor.run(
      {
        argv: [executor.info.python, '-s', '-B', `${SANDBOX_PATHS.runtime}/hookmine_runner.py`, `${SANDBOX_PATHS.job}/job.json`],
        mounts: staged.mounts,
        env,
        cwd: SANDBOX_PATHS.working,
        limits,
        keepBytes: 256 * KiB,
      },
      { signal: request.signal },
    );
    const back = new ReadBack();
    const events = parseEvents(await back.text(staged.out, 'events.jsonl', MAX_EVENTS_BYTES), request.cells, outcome.timedOut);
    const hooks = parseHookCaptures(await back.text(staged.out, 'hooks.jsonl', MAX_HOOK_BYTES), request.maxHookCaptures ?? 100_000);
    // the notebook's source put there before the run is not an output (unless the run rewrote it)
    const files = await back.guard(
      () => collectOutputFiles(staged.working, { maxContentBytes: request.maxFileContentBytes ?? 32 * MiB, maxFileBytes: limits.maxFileBytes, maxTotalBytes: MAX_OUTPUT_READ_BYTES }),
      [],
    ).then((all) => all.filter((f) => !(f.path === NOTEBOOK_SOURCE_FILE && f.sha256 === staged.notebookSourceSha256)));
    const failure = back.violation ? { reason: 'sandbox_violation' as const, detail: back.violation.message } : classifyFailure({
      outcome,
      done: events.done !== null,
      runningCell: events.runningCell,
      error: events.error,
      limit: events.limit,
      python2: request.python2 ?? [],
      wallSeconds: limits.wallMs / 1000,
      memoryMb: limits.memoryMb,
      maxOutputBytes: limits.maxOutputBytes,
    });
    const completed = failure === null && events.done?.completed === true;
    return {
      status: completed ? 'completed' : 'failed',
      failure: completed ? null : (failure ?? { reason: 'error', detail: 'the run did not complete' }),
      cells: events.cells,
      error: events.error,
      stdout: outcome.stdout,
      stderr: outcome.stderr,
      stdoutBytes: outcome.stdoutBytes,
      stderrBytes: outcome.stderrBytes,
      files,
      hookCaptures: hooks.captures,
      hookCapturesTruncated: hooks.truncated,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      wallMs: outcome.wallMs,
      cpuMs: events.cpuMs,
      peakRssKb: events.peakRssKb,
      environment: describeEnvironment({
        probe,
        executor: executor.info.kind,
        image: executor.info.image ?? null,
        pythonPath: executor.info.python,
        seed,
        env,
        limits,
        competition,
        dataDir,
        input: staged.input,
        flatInput,
        runtimeSha256: runtimeDigest(),
        imported: events.done?.versions ?? {},
        ipythonShim: events.done?.ipython_shim_used ?? false,
      }),
      deviations: [...(request.deviations ?? []), seedDeviation(seed), ...events.placeholders.map(placeholderDeviation)],
      script: joinScript(request.cells),
      startedAt,
      finishedAt: new Date(),
    };
  } finally {
    staged.cleanup();
  }
}
