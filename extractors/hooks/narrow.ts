// Narrowing a proposal whose hooked run changed the final output: bisect to the hooks that break it
// (a half that still matches is cleared in one run), then keep the rest only if a run with exactly
// those hooks matches. No hook is ever kept from a run whose final output differs.
import type { HookSpec } from './types.js';

export interface NarrowResult<R> {
  kept: HookSpec[];
  culprits: HookSpec[];
  /** the run that verified `kept` (undefined when nothing was kept) */
  verifiedRun: R | undefined;
  runs: number;
}

/** `run(hooks)` executes the program with these hooks and says whether its final output matches. */
export type HookedRun<R> = (hooks: HookSpec[]) => Promise<{ matches: boolean; result: R }>;

export async function narrowHooks<R>(hooks: readonly HookSpec[], run: HookedRun<R>, maxRuns = 24): Promise<NarrowResult<R>> {
  let runs = 0;
  const attempt = async (set: HookSpec[]) => {
    runs += 1;
    return run(set);
  };
  const all = [...hooks];
  const first = await attempt(all);
  if (first.matches) return { kept: all, culprits: [], verifiedRun: first.result, runs };
  const culprits: HookSpec[] = [];
  const search = async (set: HookSpec[]): Promise<void> => {
    if (set.length === 0) return;
    if (set.length === 1) {
      culprits.push(set[0] as HookSpec);
      return;
    }
    const mid = Math.ceil(set.length / 2);
    for (const half of [set.slice(0, mid), set.slice(mid)]) {
      if (runs >= maxRuns) {
        culprits.push(...half); // out of budget: treat the untested half as suspect
        continue;
      }
      const r = await attempt(half);
      if (!r.matches) await search(half);
    }
  };
  await search(all);
  const bad = new Set(culprits.map((h) => h.name));
  const rest = all.filter((h) => !bad.has(h.name));
  if (rest.length === 0 || runs >= maxRuns + 1) return { kept: [], culprits, verifiedRun: undefined, runs };
  const confirm = await attempt(rest);
  return confirm.matches ? { kept: rest, culprits, verifiedRun: confirm.result, runs } : { kept: [], culprits, verifiedRun: undefined, runs };
}
