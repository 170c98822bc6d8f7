// Test helper: run cells with Debian's Python like Jupyter does (see run-cells.py), outside any
// sandbox, to check that instrumentation changes nothing the program prints, displays or writes.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeCell } from '../../extractors/python/program.js';

const RUNNER = fileURLToPath(new URL('./run-cells.py', import.meta.url));
const RUNTIME = fileURLToPath(new URL('../../src/runtime', import.meta.url));

export interface CellsRun {
  transcript: { cell: number; stdout: string; display: string | null }[];
  files: Record<string, string>;
  captures: Record<string, unknown>[];
  stderr: string;
  status: number | null;
}

export function runPythonCells(cells: readonly CodeCell[], cwd: string): CellsRun {
  const hookOut = join(cwd, '..', `hooks-${Math.random().toString(36).slice(2)}.jsonl`);
  const r = spawnSync('/usr/bin/python3', [RUNNER], {
    input: JSON.stringify({ cells, cwd, runtime: RUNTIME }),
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', PYTHONHASHSEED: '0', HOOKMINE_HOOK_OUT: hookOut, OPENBLAS_NUM_THREADS: '1' },
    timeout: 120_000,
  });
  const files: Record<string, string> = {};
  for (const f of readdirSync(cwd)) files[f] = readFileSync(join(cwd, f), 'utf8');
  let captures: Record<string, unknown>[] = [];
  try {
    captures = readFileSync(hookOut, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    captures = [];
  }
  return {
    transcript: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)),
    files,
    captures,
    stderr: r.stderr,
    status: r.status,
  };
}
