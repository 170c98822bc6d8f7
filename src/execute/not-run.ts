// The result of a run that never started, shared by execute (no sandbox) and queue workers (no data):
// one shape, so every consumer of stored runs reads them alike.
import type { Limits, Sandbox } from '../sandbox/index.js';
import type { ExecutionResult } from './types.js';

/** A result for a run that never started (no sandbox, no data): no cells, no outputs, its reason. */
export function notRunResult(p: {
  failure: NonNullable<ExecutionResult['failure']>;
  sandbox: Sandbox;
  limits: Limits;
  script: string;
  seed?: number;
  layout?: ExecutionResult['environment']['layout'];
  deviations?: ExecutionResult['deviations'];
}): ExecutionResult {
  const now = new Date();
  const info = p.sandbox.executor.info;
  const probe = p.sandbox.probe;
  return {
    status: 'failed',
    failure: p.failure,
    cells: [],
    error: null,
    stdout: '',
    stderr: '',
    stdoutBytes: 0,
    stderrBytes: 0,
    files: [],
    hookCaptures: [],
    hookCapturesTruncated: false,
    exitCode: null,
    signal: null,
    wallMs: 0,
    cpuMs: null,
    peakRssKb: null,
    environment: {
      executor: info.kind,
      image: info.image ?? null,
      python: { path: info.python, version: probe.python, implementation: probe.implementation, platform: probe.platform },
      libraries: probe.libraries,
      imported: {},
      seed: p.seed ?? 0,
      env: {},
      limits: p.limits,
      layout: p.layout ?? { competition: null, dataDir: null, input: null, working: '/kaggle/working', flatInput: false },
      runtimeSha256: '',
      ipythonShim: false,
    },
    deviations: p.deviations ?? [],
    script: p.script,
    startedAt: now,
    finishedAt: now,
  };
}
