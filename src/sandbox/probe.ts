// What interpreter a sandbox runs: version and library versions (from package metadata), so every
// stored run says which environment produced it, and a later run can check it has the same one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxError } from '../errors.js';
import { SANDBOX_PATHS, sandboxEnv } from './env.js';
import { limitsFor } from './limits.js';
import { copyRuntime, runtimeSourceDir } from './runtime-files.js';
import type { Executor } from './types.js';

export interface PythonProbe {
  python: string;
  implementation: string;
  executable: string;
  prefix: string;
  base_prefix: string;
  platform: string;
  /** distribution name -> version, null when not installed */
  libraries: Record<string, string | null>;
}

function parseProbe(stdout: string, where: string): PythonProbe {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as PythonProbe;
  } catch {
    throw new SandboxError(`${where}: the interpreter probe printed no JSON (${stdout.slice(0, 200)})`);
  }
}

/** Probe an interpreter on the host (our own script, no notebook code): locates its files. */
export function probeHostPython(python: string): Promise<PythonProbe> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-s', '-I', join(runtimeSourceDir(), 'hookmine_probe.py')], { env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e) => reject(new SandboxError(`the Python interpreter ${python} cannot be started: ${e.message} (config python, env HOOKMINE_PYTHON)`)));
    child.on('close', (code) => {
      if (code !== 0) reject(new SandboxError(`the Python interpreter ${python} failed its probe (exit ${code}): ${err.trim().slice(0, 300)}`));
      else {
        try {
          resolve(parseProbe(out, python));
        } catch (e) {
          reject(e);
        }
      }
    });
  });
}

/** Probe the interpreter inside a sandbox (the docker image's Python). */
export async function probeInSandbox(executor: Executor): Promise<PythonProbe> {
  const dir = mkdtempSync(join(tmpdir(), 'hookmine-probe-'));
  try {
    copyRuntime(join(dir, 'runtime'));
    const outcome = await executor.run({
      argv: [executor.info.python, '-s', `${SANDBOX_PATHS.runtime}/hookmine_probe.py`],
      mounts: [{ host: join(dir, 'runtime'), sandbox: SANDBOX_PATHS.runtime }],
      env: sandboxEnv({ seed: 0, executor: executor.info.kind }),
      cwd: '/tmp',
      limits: limitsFor({ timeoutSeconds: 120 }),
    });
    if (outcome.sandboxError || outcome.exitCode !== 0) {
      throw new SandboxError(`the sandbox's interpreter probe failed: ${outcome.sandboxError ?? outcome.stderr.slice(0, 300)}`);
    }
    return parseProbe(outcome.stdout, `${executor.info.kind} sandbox`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
