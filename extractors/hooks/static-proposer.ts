// The static proposer (default, offline): hooks on the values that lead to the final output, found
// by walking the def-use graph back from it. Each hooked statement captures the names through which
// it feeds the path; dependencies are the nearest hooked ancestors, so the hooks form a DAG that
// ends at the final output hook.
import { findFinalOutput, type FinalOutput } from '../python/final-output.js';
import { backwardSlice, type Program, type Statement } from '../python/program.js';
import { NameAllocator, roleOf } from './naming.js';
import type { FinalTarget, HookSpec, Proposal } from './types.js';

export interface StaticOptions {
  /** the most hooks one notebook gets (the ones nearest the final output are kept) */
  maxHooks?: number;
}

const NOT_HOOKED = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'function_definition', 'class_definition', 'decorated_definition', 'delete_statement']);
const MAX_CODE_LINE = 500;

export function codeLineOf(statement: Statement): string {
  const text = statement.text.trim();
  return text.length > MAX_CODE_LINE ? `${text.slice(0, MAX_CODE_LINE - 3)}...` : text;
}

export function finalTarget(final: FinalOutput): FinalTarget {
  return { statementId: final.statement.id, cellIndex: final.statement.cellIndex, kind: final.kind, path: final.path };
}

/** The variable the final hook captures, when the final value is a plain name. */
export function finalVariable(final: FinalOutput): string | null {
  return final.valueNode?.type === 'identifier' ? final.valueNode.text : null;
}

/** Names through which each statement feeds a later statement of the slice. */
function namesUsedDownstream(slice: readonly Statement[]): Map<number, Set<string>> {
  const used = new Map<number, Set<string>>();
  for (const s of slice) {
    for (const dep of s.deps) {
      const set = used.get(dep.id) ?? new Set<string>();
      set.add(dep.name);
      used.set(dep.id, set);
    }
  }
  return used;
}

/**
 * Dependencies of each hooked statement: the nearest hooked statements among its ancestors, and the
 * hook names there that carry the linking variable (all of that statement's hooks if none match).
 */
export function resolveDependencies(program: Program, hooks: HookSpec[]): void {
  const byStatement = new Map<number, HookSpec[]>();
  for (const h of hooks) byStatement.set(h.statementId, [...(byStatement.get(h.statementId) ?? []), h]);
  // Dependencies always point to earlier statements, so the walk terminates; memoised per statement.
  const memo = new Map<number, Set<string>>();
  const ancestorsOf = (id: number): Set<string> => {
    const cached = memo.get(id);
    if (cached) return cached;
    const out = new Set<string>();
    for (const dep of program.statements[id]?.deps ?? []) {
      const hooked = byStatement.get(dep.id);
      if (hooked) {
        const matching = hooked.filter((h) => h.variable === dep.name);
        for (const h of matching.length > 0 ? matching : hooked) out.add(h.name);
      } else {
        for (const n of ancestorsOf(dep.id)) out.add(n);
      }
    }
    memo.set(id, out);
    return out;
  };
  const order = new Map(hooks.map((h, i) => [h.name, i]));
  for (const h of hooks) {
    const deps = [...ancestorsOf(h.statementId)].filter((n) => n !== h.name);
    h.dependsOn = deps.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  }
}

export function proposeStatic(program: Program, options: StaticOptions = {}): Proposal {
  const maxHooks = options.maxHooks ?? 60;
  const final = findFinalOutput(program);
  if (!final) return { proposer: 'static', hooks: [], final: null, rejected: [{ item: null, reason: 'no final output found (no file written, nothing printed or displayed)' }] };
  const slice = backwardSlice(program, [final.statement.id]);
  const used = namesUsedDownstream(slice);
  const names = new NameAllocator();
  let hooks: HookSpec[] = [];
  for (const s of slice) {
    if (s.id === final.statement.id || NOT_HOOKED.has(s.type)) continue;
    const bound = new Set([...s.use.writes, ...s.use.mutates]);
    const variables = [...(used.get(s.id) ?? [])].filter((v) => bound.has(v) && /^[A-Za-z_]\w*$/.test(v)).sort();
    for (const variable of variables) {
      const role = roleOf(s, variable, false);
      hooks.push({
        name: names.next(role, variable),
        cellIndex: s.cellIndex,
        statementId: s.id,
        line: s.endRow + 1,
        variable,
        codeLine: codeLineOf(s),
        dependsOn: [],
        isFinal: false,
        role,
      });
    }
  }
  if (hooks.length > maxHooks - 1) hooks = hooks.slice(hooks.length - (maxHooks - 1));
  const variable = finalVariable(final);
  hooks.push({
    name: names.next('output', variable ?? final.kind),
    cellIndex: final.statement.cellIndex,
    statementId: final.statement.id,
    line: final.statement.endRow + 1,
    variable,
    codeLine: codeLineOf(final.statement),
    dependsOn: [],
    isFinal: true,
    role: 'output',
  });
  resolveDependencies(program, hooks);
  return { proposer: 'static', hooks, final: finalTarget(final), rejected: [] };
}
