// Where things are inside a sandbox, and the complete environment a sandboxed program gets: fixed
// values only (threads, seeds, paths), never anything from hookmine's own environment.
import { SECRET_ENV } from '../secrets.js';
import { UsageError } from '../errors.js';

export const SANDBOX_PATHS = {
  /** competition data, read-only: /kaggle/input/<slug>/ (and the files at /kaggle/input/ for the flat layout) */
  input: '/kaggle/input',
  /** the notebook's working folder, the only writable place that is kept */
  working: '/kaggle/working',
  /** hookmine's Python runtime (runner, IPython stand-in, hook module), read-only, on PYTHONPATH */
  runtime: '/hookmine/runtime',
  /** the job description (cells), read-only */
  job: '/hookmine/job',
  /** events and hook captures written by the runner: writable, outside /kaggle/working */
  out: '/hookmine/out',
} as const;

export const HOOK_OUT = `${SANDBOX_PATHS.out}/hooks.jsonl`;

const LOCAL_PATH = '/usr/local/bin:/usr/bin:/bin';
const DOCKER_PATH = '/opt/conda/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// Names a caller may never pass into a sandbox, whatever their value.
const FORBIDDEN = /^(KAGGLE_|OPENAI_|AWS_|GOOGLE_|AZURE_|HF_|HUGGING)/i;

/** Refuse variables that look like credentials: they must never reach notebook code. */
export function checkExtraEnv(extra: Record<string, string>): void {
  for (const name of Object.keys(extra)) {
    if (SECRET_ENV.test(name) || FORBIDDEN.test(name)) throw new UsageError(`environment variable ${name} cannot be passed into the sandbox: it looks like a credential`);
  }
}

export function sandboxEnv(options: { seed: number; executor: 'local' | 'docker'; extra?: Record<string, string> }): Record<string, string> {
  const extra = options.extra ?? {};
  checkExtraEnv(extra);
  return {
    PATH: options.executor === 'docker' ? DOCKER_PATH : LOCAL_PATH,
    HOME: '/tmp',
    USER: 'kaggle',
    LOGNAME: 'kaggle',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    PYTHONPATH: SANDBOX_PATHS.runtime,
    PYTHONHASHSEED: String(options.seed),
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
    MPLBACKEND: 'module://hookmine_inline',
    MPLCONFIGDIR: '/tmp/matplotlib',
    // One thread each: deterministic reductions, and memory limits that BLAS respects.
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
    NUMEXPR_NUM_THREADS: '1',
    VECLIB_MAXIMUM_THREADS: '1',
    HOOKMINE_HOOK_OUT: HOOK_OUT,
    ...extra,
  };
}
