// Opening a sandbox: the executor chosen by configuration (local bubblewrap or docker), with the
// probe of its interpreter. One per process and configuration: probing costs a process start.
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { HookmineError, UnusableInputError } from '../errors.js';
import { DockerExecutor } from './docker.js';
import { LocalExecutor } from './local.js';
import { probeHostPython, probeInSandbox, type PythonProbe } from './probe.js';
import type { Executor, ExecutorKind } from './types.js';

export * from './types.js';
export { DEFAULT_LIMITS, limitsFor, MB } from './limits.js';
export { SANDBOX_PATHS, HOOK_OUT, sandboxEnv, checkExtraEnv } from './env.js';
export type { PythonProbe } from './probe.js';

export interface SandboxOptions {
  kind: ExecutorKind;
  /** interpreter of the local sandbox (config python) */
  python: string;
  /** image of the docker sandbox (config dockerImage) */
  image: string;
}

export interface Sandbox {
  executor: Executor;
  probe: PythonProbe;
}

const opened = new Map<string, Promise<Sandbox>>();

/** Folders outside /usr the interpreter lives in (a virtualenv, /opt/conda), bound read-only. */
function interpreterDirs(probe: PythonProbe): string[] {
  const dirs = new Set<string>();
  for (const p of [probe.prefix, probe.base_prefix, dirname(realpathSync(probe.executable))]) {
    if (p && !p.startsWith('/usr/') && p !== '/usr') dirs.add(p);
  }
  return [...dirs];
}

export function openSandbox(options: SandboxOptions): Promise<Sandbox> {
  const key = `${options.kind}\0${options.kind === 'docker' ? options.image : options.python}`;
  let sandbox = opened.get(key);
  if (!sandbox) {
    sandbox = (async () => {
      if (options.kind === 'docker') {
        const executor = await DockerExecutor.connect(options.image);
        return { executor, probe: await probeInSandbox(executor) };
      }
      const probe = await probeHostPython(options.python);
      return { executor: new LocalExecutor({ python: options.python, pythonDirs: interpreterDirs(probe) }), probe };
    })();
    sandbox.catch(() => opened.delete(key));
    opened.set(key, sandbox);
  }
  return sandbox;
}

/**
 * The sandbox the configuration names, for a command or stage that cannot work without one: a
 * sandbox that cannot run here is unusable input (exit 2), with the reason.
 */
export async function openConfiguredSandbox(config: { sandbox: ExecutorKind; python: string; dockerImage: string }): Promise<Sandbox> {
  try {
    return await openSandbox({ kind: config.sandbox, python: config.python, image: config.dockerImage });
  } catch (error) {
    if (error instanceof HookmineError) throw new UnusableInputError(`the ${config.sandbox} sandbox cannot run: ${error.message}`, { cause: error });
    throw error;
  }
}
