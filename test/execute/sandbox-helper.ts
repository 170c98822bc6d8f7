// Shared by the sandbox and execute tests: the real local sandbox (bubblewrap) with Debian's Python.
import { fileURLToPath } from 'node:url';
import { openSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { localSandboxProblem } from '../../src/sandbox/host.js';
import type { RunCell } from '../../src/execute/types.js';

export const PYTHON = process.env.HOOKMINE_PYTHON || '/usr/bin/python3';
export const TOY_DATA = fileURLToPath(new URL('../fixtures/execute/data/toy-competition', import.meta.url));
export const HOOK_STANDIN = fileURLToPath(new URL('../fixtures/execute/hook-standin', import.meta.url));

/** Why the local sandbox cannot run here (the tests then skip with this reason), or null. */
export const NO_SANDBOX = localSandboxProblem();

export function localSandbox(): Promise<Sandbox> {
  return openSandbox({ kind: 'local', python: PYTHON, image: 'unused' });
}

export function cells(...codes: string[]): RunCell[] {
  return codes.map((code, cellIndex) => ({ cellIndex, code }));
}
