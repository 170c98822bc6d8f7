// Opening a sandbox: the executor chosen by configuration (local bubblewrap or docker), with the
// probe of its interpreter. One per process and configuration: probing costs a process start.
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
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
