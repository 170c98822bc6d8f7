// Gold values by execution: run a program, take the first capture of every step, run it again
// under another global seed, and accept the values only when both runs agree (same value hash, or
// values equal within the tolerance).
import type { Capture } from '../../extractors/hooks/steps.js';
import type { TemplateStep, Tolerance } from '../../templates/types.js';
import { answersMatch } from '../compare/index.js';
import type { PoolResult } from '../sandbox/pool.js';
import { failureOf, type JobRunner } from './runner.js';

export interface Confirmed {
  ok: true;
  /** one capture per step, in step order */
  captures: Capture[];
  first: PoolResult;
  second: PoolResult;
}

export interface NotConfirmed {
  ok: false;
  reason: string;
  detail: string;
  first: PoolResult;
  second?: PoolResult;
}

function byName(result: PoolResult): Map<string, Capture> {
  const out = new Map<string, Capture>();
  for (const c of [...(result.hookCaptures as Capture[])].sort((a, b) => a.seq - b.seq)) if (!out.has(c.name)) out.set(c.name, c);
  return out;
}

/** Step values of one run, or the reason they are unusable. */
function stepCaptures(result: PoolResult, steps: readonly TemplateStep[]): Capture[] | { reason: string; detail: string } {
  const captures = byName(result);
  const out: Capture[] = [];
  for (const s of steps) {
    const c = captures.get(s.name);
    if (!c) return { reason: 'error', detail: `step ${s.name}: no value was captured` };
    if (c.error) return { reason: 'error', detail: `step ${s.name}: the value could not be described: ${c.error}` };
    out.push(c);
  }
  return out;
}

export interface ConfirmOptions {
  timeoutMs: number;
  memoryMb?: number;
  /** global seed of the first run (random, numpy); the second run uses seed + 1 */
  seed?: number;
  /** tolerance of the final answer; intermediate values use the same numbers */
  tolerance: Tolerance;
}

export async function runAndConfirm(runner: JobRunner, program: string, steps: readonly TemplateStep[], options: ConfirmOptions): Promise<Confirmed | NotConfirmed> {
  const seed = options.seed ?? 0;
  const first = await runner.run({ code: program, timeoutMs: options.timeoutMs, memoryMb: options.memoryMb, seed });
  if (!first.ok) return { ok: false, ...failureOf(first), first };
  const a = stepCaptures(first, steps);
  if (!Array.isArray(a)) return { ok: false, ...a, first };
  const second = await runner.run({ code: program, timeoutMs: options.timeoutMs, memoryMb: options.memoryMb, seed: seed + 1 });
  if (!second.ok) {
    const f = failureOf(second);
    return { ok: false, reason: f.reason, detail: `the second run failed: ${f.detail}`, first, second };
  }
  const b = stepCaptures(second, steps);
  if (!Array.isArray(b)) return { ok: false, reason: 'output_mismatch', detail: `the second run: ${b.detail}`, first, second };
  for (let i = 0; i < steps.length; i++) {
    const [x, y] = [a[i] as Capture, b[i] as Capture];
    if (x.value_hash && x.value_hash === y.value_hash) continue;
    const same = answersMatch(x.value, y.value, { ...options.tolerance, unordered: false });
    if (!same.match) return { ok: false, reason: 'output_mismatch', detail: `step ${steps[i]?.name} differs on a second run: ${same.reason}`, first, second };
  }
  return { ok: true, captures: a, first, second };
}
