// runCells: run cells in the sandbox the way a Jupyter kernel runs a notebook (one interpreter,
// shared globals, stop at the first failing cell) and capture everything the run produced.
// Every stage that executes code (reference runs, hooked runs, repairs) goes through here.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { joinScript, type Deviation } from '../../extractors/notebook-script.js';
import { limitsFor, sandboxEnv, SANDBOX_PATHS } from '../sandbox/index.js';
import { runtimeDigest } from '../sandbox/runtime-files.js';
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

function readHead(path: string, max: number): string {
  if (!existsSync(path)) return '';
  const size = Math.min(statSync(path).size, max);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    const n = readSync(fd, buf, 0, size, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
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

export async function runCells(request: RunRequest): Promise<ExecutionResult> {
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
    const events = parseEvents(readHead(join(staged.out, 'events.jsonl'), MAX_EVENTS_BYTES), request.cells, outcome.timedOut);
    const hooks = parseHookCaptures(readHead(join(staged.out, 'hooks.jsonl'), MAX_HOOK_BYTES), request.maxHookCaptures ?? 100_000);
    // the notebook's source put there before the run is not an output (unless the run rewrote it)
    const files = (await collectOutputFiles(staged.working, request.maxFileContentBytes ?? 32 * MiB)).filter((f) => !(f.path === NOTEBOOK_SOURCE_FILE && f.sha256 === staged.notebookSourceSha256));
    const failure = classifyFailure({
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
      deviations: [...(request.deviations ?? []), seedDeviation(seed)],
      script: joinScript(request.cells),
      startedAt,
      finishedAt: new Date(),
    };
  } finally {
    staged.cleanup();
  }
}
