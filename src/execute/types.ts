// The run interface later stages build on: a RunRequest (cells, competition data, executor,
// limits) goes in, an ExecutionResult (per-cell capture, files, exception, environment) comes out.
import type { CaptureSpec, Deviation, Python2Finding } from '../../extractors/notebook-script.js';
import type { Executor, Limits, Mount, PythonProbe } from '../sandbox/index.js';

export type FailureReason = 'missing_module' | 'missing_file' | 'timeout' | 'memory' | 'python2_syntax' | 'error' | 'output_mismatch' | 'sandbox_error' | 'sandbox_violation' | 'data_missing';

export const FAILURE_REASONS: readonly FailureReason[] = ['missing_module', 'missing_file', 'timeout', 'memory', 'python2_syntax', 'error', 'output_mismatch', 'sandbox_error', 'sandbox_violation', 'data_missing'];

export interface RunCell {
  /** the notebook's cell index (any number for programs that are not notebooks) */
  cellIndex: number;
  code: string;
  capture?: CaptureSpec;
}

export interface RunRequest {
  cells: RunCell[];
  /** an executor from openSandbox(), with the probe of its interpreter */
  sandbox: { executor: Executor; probe: PythonProbe };
  /** competition slug: its data is mounted read-only at /kaggle/input/<slug>/ */
  competition?: string | null;
  /** host folder with the competition's files */
  dataDir?: string | null;
  /** also mount the data files at /kaggle/input/<file> (Kaggle's old flat layout) */
  flatInput?: boolean;
  /** more read-only mounts (host path -> sandbox path) */
  mounts?: Mount[];
  limits?: Partial<Limits>;
  /** seed of random, numpy and PYTHONHASHSEED (default 0) */
  seed?: number;
  /** extra environment variables (credential-looking names are refused) */
  env?: Record<string, string>;
  /** rewrites made before the run (from notebookToScript), returned with the result */
  deviations?: Deviation[];
  /** Python 2 findings (from notebookToScript), so a SyntaxError there is reported as python2_syntax */
  python2?: Python2Finding[];
  /** stdout/stderr kept per cell (default 64 KiB; full sizes are always counted) */
  keepBytes?: number;
  /** output files up to this size come back with their content (default 32 MiB) */
  maxFileContentBytes?: number;
  /** hook capture lines kept (default 100000) */
  maxHookCaptures?: number;
  signal?: AbortSignal;
}

export type CellStatus = 'ok' | 'error' | 'timeout' | 'not_run';

export interface DisplayOutput {
  /** `result`: the cell's last expression (Out[n]); `display`: display() and figures */
  kind: 'result' | 'display';
  /** text/plain, as Jupyter shows it */
  text: string;
  mimes: string[];
}

export interface CellResult {
  cellIndex: number;
  status: CellStatus;
  durationMs: number | null;
  stdout: string;
  stdoutBytes: number;
  stderr: string;
  stderrBytes: number;
  display: DisplayOutput[];
  ename: string | null;
  evalue: string | null;
}

export interface RunError {
  cellIndex: number;
  ename: string;
  evalue: string;
  traceback: string;
  /** a missing module or file the exception names */
  module?: string;
  filename?: string;
  /** SyntaxError: line within the cell */
  lineno?: number;
}

export interface OutputFile {
  /** relative to /kaggle/working */
  path: string;
  sizeBytes: number;
  sha256: string;
  csv?: { columns: string[]; rows: number };
  /** first lines, for display */
  preview: string;
  /** the bytes, when not over maxFileContentBytes */
  content?: Buffer;
}

export interface Failure {
  reason: FailureReason;
  detail: string;
}

export interface RunEnvironment {
  executor: 'local' | 'docker';
  image: string | null;
  python: { path: string; version: string; implementation: string; platform: string };
  libraries: Record<string, string | null>;
  /** versions of the modules the run actually imported */
  imported: Record<string, string | null>;
  seed: number;
  /** the complete environment of the sandboxed process */
  env: Record<string, string>;
  limits: Limits;
  layout: { competition: string | null; dataDir: string | null; input: string | null; working: string; flatInput: boolean };
  runtimeSha256: string;
  ipythonShim: boolean;
}

export interface ExecutionResult {
  status: 'completed' | 'failed';
  failure: Failure | null;
  cells: CellResult[];
  error: RunError | null;
  /** the interpreter's own stdout/stderr (outside cells: C libraries, the runner), bounded */
  stdout: string;
  stderr: string;
  stdoutBytes: number;
  stderrBytes: number;
  files: OutputFile[];
  hookCaptures: unknown[];
  hookCapturesTruncated: boolean;
  exitCode: number | null;
  signal: string | null;
  wallMs: number;
  cpuMs: number | null;
  peakRssKb: number | null;
  environment: RunEnvironment;
  deviations: Deviation[];
  /** the cells that ran, joined with markers */
  script: string;
  startedAt: Date;
  finishedAt: Date;
}
