// A run's private folder on the host: the job description, a copy of the runtime, the runner's
// output folder and /kaggle/working, plus the mounts that put the competition data where Kaggle has it.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_PATHS, type Executor, type Mount } from '../sandbox/index.js';
import { copyRuntime } from '../sandbox/runtime-files.js';

/** The notebook's own source in /kaggle/working, as Kaggle's machine has it during a run. */
export const NOTEBOOK_SOURCE_FILE = '__notebook_source__.ipynb';

/** Kaggle's own folders beside input and working, present (empty here) so listings of /kaggle match. */
export const KAGGLE_SYSTEM_DIRS = ['/kaggle/lib', '/kaggle/config'] as const;

export interface StagedJob {
  dir: string;
  out: string;
  working: string;
  mounts: Mount[];
  /** where the data is inside the sandbox, when there is data */
  input: string | null;
  /** sha256 of the __notebook_source__.ipynb written into /kaggle/working (null: none written) */
  notebookSourceSha256: string | null;
  cleanup(): void;
}

export interface StageOptions {
  executor: Executor;
  job: unknown;
  competition: string | null;
  dataDir: string | null;
  flatInput: boolean;
  extraMounts: Mount[];
  /** the code cells run, written as /kaggle/working/__notebook_source__.ipynb (none: no file) */
  notebookSource?: readonly { code: string }[];
}

/** A minimal nbformat-4 notebook of the cells: what a notebook reading its own source finds. */
export function notebookSourceJson(cells: readonly { code: string }[]): string {
  const source = (code: string) => code.split(/(?<=\n)/);
  return JSON.stringify(
    {
      cells: cells.map((c) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: source(c.code) })),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 4,
    },
    null,
    1,
  );
}

/** Top-level files of the data folder (what the flat layout mounts at /kaggle/input/<file>). */
export function dataFileNames(dataDir: string): string[] {
  try {
    return readdirSync(dataDir)
      .filter((n) => !n.startsWith('.') && statSync(join(dataDir, n)).isFile())
      .sort();
  } catch {
    return [];
  }
}

export function stageJob(options: StageOptions): StagedJob {
  const dir = mkdtempSync(join(tmpdir(), 'hookmine-run-'));
  const paths = { job: join(dir, 'job'), runtime: join(dir, 'runtime'), out: join(dir, 'out'), working: join(dir, 'working'), input: join(dir, 'input'), empty: join(dir, 'empty') };
  for (const p of [paths.job, paths.out, paths.working, paths.input, paths.empty]) mkdirSync(p);
  copyRuntime(paths.runtime);
  writeFileSync(join(paths.job, 'job.json'), JSON.stringify(options.job));
  // The sandbox user must be able to reach its folders, and write only these two.
  chmodSync(dir, 0o755);
  options.executor.prepareWritable(paths.out);
  options.executor.prepareWritable(paths.working);
  let notebookSourceSha256: string | null = null;
  if (options.notebookSource) {
    const text = notebookSourceJson(options.notebookSource);
    const file = join(paths.working, NOTEBOOK_SOURCE_FILE);
    writeFileSync(file, text);
    options.executor.prepareWritable(file);
    notebookSourceSha256 = createHash('sha256').update(text).digest('hex');
  }

  // /kaggle/input is an empty read-only folder; the mount points inside it are made here because
  // nothing can be created in it once it is mounted.
  const mounts: Mount[] = [{ host: paths.input, sandbox: SANDBOX_PATHS.input }];
  let input: string | null = null;
  const hasData = options.dataDir !== null && existsSync(options.dataDir);
  if (options.competition && hasData) {
    input = `${SANDBOX_PATHS.input}/${options.competition}`;
    mkdirSync(join(paths.input, options.competition));
    mounts.push({ host: options.dataDir as string, sandbox: input });
    if (options.flatInput) {
      for (const name of dataFileNames(options.dataDir as string)) {
        if (name === options.competition) continue;
        writeFileSync(join(paths.input, name), '');
        mounts.push({ host: join(options.dataDir as string, name), sandbox: `${SANDBOX_PATHS.input}/${name}` });
      }
    }
  }
  mounts.push(
    // the docker image is Kaggle's own and has these folders with their contents
    ...(options.executor.info.kind === 'docker' ? [] : KAGGLE_SYSTEM_DIRS.map((d) => ({ host: paths.empty, sandbox: d }))),
    { host: paths.runtime, sandbox: SANDBOX_PATHS.runtime },
    { host: paths.job, sandbox: SANDBOX_PATHS.job },
    { host: paths.out, sandbox: SANDBOX_PATHS.out, writable: true },
    { host: paths.working, sandbox: SANDBOX_PATHS.working, writable: true },
    ...options.extraMounts.map((m) => ({ ...m, writable: false })),
  );
  return {
    dir,
    out: paths.out,
    working: paths.working,
    mounts,
    input,
    notebookSourceSha256,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
