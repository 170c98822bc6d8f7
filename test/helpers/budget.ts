// Time budgets for tests that do real work (sandboxed runs, whole stages), scaled with the machine:
// on a busy machine (other jobs on the same cores) the same work takes several times longer, and a
// fixed budget fails a test that is not wrong. A budget is what the work needs on an idle machine,
// times how oversubscribed the cores are; a hang is caught by a watchdog on progress instead.
import { availableParallelism, loadavg } from 'node:os';
import type { Progress } from '../../src/progress.js';

/** How many times over the cores are asked for now (1 on an idle machine). */
export function loadFactor(): number {
  return Math.max(1, (loadavg()[0] ?? 0) / availableParallelism());
}

/** `idleMs` (the budget on an idle machine) scaled by the load now, at most `maxFactor` times. */
export function scaledBudget(idleMs: number, maxFactor = 12): number {
  return Math.round(idleMs * Math.min(maxFactor, loadFactor()));
}

/**
 * A Progress for a stage, and a guard that fails the work when no progress was reported for
 * `stallMs` (scaled with the load when it is checked): a hung stage fails in minutes, a slow one
 * on a busy machine is given the time it needs.
 */
export function progressWatchdog(stallMs: number): { progress: Progress; guard<T>(work: Promise<T>): Promise<T> } {
  let last = Date.now();
  let lastLabel = '(nothing yet)';
  const seen = (label?: string) => {
    last = Date.now();
    if (label) lastLabel = label;
  };
  const progress: Progress = { tick: (label) => seen(label), status: (label) => seen(label), setTotal: () => seen(), clear: () => undefined, done: () => seen() };
  const guard = <T>(work: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setInterval(() => {
        const allowed = scaledBudget(stallMs);
        if (Date.now() - last > allowed) {
          clearInterval(timer);
          reject(new Error(`no progress for ${Math.round(allowed / 1000)} s (load factor ${loadFactor().toFixed(1)}); last: ${lastLabel}`));
        }
      }, 1000);
      work.then(
        (v) => {
          clearInterval(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearInterval(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  return { progress, guard };
}
