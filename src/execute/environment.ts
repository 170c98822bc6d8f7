// The environment of a run, stored with it (executions.environment), and how to get the same one
// again: a hooked or repaired run of a notebook passes the reference run's environment back in.
import type { Limits, PythonProbe } from '../sandbox/index.js';
import type { RunEnvironment, RunRequest } from './types.js';

export function describeEnvironment(args: {
  probe: PythonProbe;
  executor: 'local' | 'docker';
  image: string | null;
  pythonPath: string;
  seed: number;
  env: Record<string, string>;
  limits: Limits;
  competition: string | null;
  dataDir: string | null;
  input: string | null;
  flatInput: boolean;
  runtimeSha256: string;
  imported: Record<string, string | null>;
  ipythonShim: boolean;
}): RunEnvironment {
  return {
    executor: args.executor,
    image: args.image,
    python: { path: args.pythonPath, version: args.probe.python, implementation: args.probe.implementation, platform: args.probe.platform },
    libraries: args.probe.libraries,
    imported: args.imported,
    seed: args.seed,
    env: args.env,
    limits: args.limits,
    layout: { competition: args.competition, dataDir: args.dataDir, input: args.input, working: '/kaggle/working', flatInput: args.flatInput },
    runtimeSha256: args.runtimeSha256,
    ipythonShim: args.ipythonShim,
  };
}

const FIXED_ENV = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TZ', 'PYTHONPATH', 'PYTHONHASHSEED', 'PYTHONDONTWRITEBYTECODE', 'PYTHONIOENCODING', 'MPLBACKEND', 'MPLCONFIGDIR', 'OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'NUMEXPR_NUM_THREADS', 'VECLIB_MAXIMUM_THREADS', 'HOOKMINE_HOOK_OUT']);

/**
 * The request fields that reproduce a stored environment: same seed, limits, data layout and extra
 * variables. Give the result to runCells with the new cells (and a sandbox opened with the same
 * executor, python or image: `sameInterpreter` checks it).
 */
export function requestFromEnvironment(env: RunEnvironment): Pick<RunRequest, 'seed' | 'limits' | 'competition' | 'dataDir' | 'flatInput' | 'env'> {
  const extra = Object.fromEntries(Object.entries(env.env).filter(([k]) => !FIXED_ENV.has(k)));
  return {
    seed: env.seed,
    limits: env.limits,
    competition: env.layout.competition,
    dataDir: env.layout.dataDir,
    flatInput: env.layout.flatInput,
    env: extra,
  };
}

/** Whether two runs used the same interpreter and libraries (what makes their values comparable). */
export function sameInterpreter(a: RunEnvironment, b: RunEnvironment): { same: boolean; differences: string[] } {
  const differences: string[] = [];
  if (a.executor !== b.executor) differences.push(`executor ${a.executor} vs ${b.executor}`);
  if (a.image !== b.image) differences.push(`image ${a.image} vs ${b.image}`);
  if (a.python.version !== b.python.version) differences.push(`python ${a.python.version} vs ${b.python.version}`);
  for (const name of new Set([...Object.keys(a.libraries), ...Object.keys(b.libraries)])) {
    if ((a.libraries[name] ?? null) !== (b.libraries[name] ?? null)) differences.push(`${name} ${a.libraries[name] ?? 'absent'} vs ${b.libraries[name] ?? 'absent'}`);
  }
  if (a.runtimeSha256 !== b.runtimeSha256) differences.push('hookmine runtime differs');
  return { same: differences.length === 0, differences };
}
