// Verified hooks in program order become an episode's steps: the code since the previous hook,
// the hook's name and captured value, and its dependencies (a DAG ending at the final output).
import type { Program, Statement } from '../python/program.js';
import type { HookSpec } from './types.js';

/** One capture as the hook runtime writes it (see src/runtime/hookmine_hook.py). */
export interface Capture {
  seq: number;
  name: string;
  variable_name?: string | null;
  value_type?: string;
  value_hash?: string | null;
  value?: unknown;
  code_line?: string;
  depends_on?: string[];
  cell_index?: number | null;
  line?: number | null;
  occurrence?: number;
  elapsed_us?: number;
  error?: string;
}

export interface StepRecord {
  step_index: number;
  name: string;
  code: string;
  code_line: string;
  value_hash: string | null;
  value: unknown;
  value_type: string | null;
  depends_on: string[];
  is_final: boolean;
  cell_index: number;
  line: number;
}

/** The first capture of each hook name (a hook inside a loop keeps its first value). */
export function firstCaptures(captures: readonly Capture[]): Map<string, Capture> {
  const out = new Map<string, Capture>();
  for (const c of [...captures].sort((a, b) => a.seq - b.seq)) if (!out.has(c.name)) out.set(c.name, c);
  return out;
}

function statementText(statements: readonly Statement[]): string {
  const parts: string[] = [];
  let cell: number | undefined;
  for (const s of statements) {
    if (cell !== undefined && s.cellIndex !== cell) parts.push('');
    parts.push(s.text);
    cell = s.cellIndex;
  }
  return parts.join('\n');
}

/**
 * Steps for hooks in program order. A step's code is the source of the statements after the
 * previous hooked statement up to its own; a second hook on the same statement repeats it.
 */
export function buildSteps(program: Program, hooks: readonly HookSpec[], captures: ReadonlyMap<string, Capture>): StepRecord[] {
  const ordered = [...hooks].sort((a, b) => a.statementId - b.statementId || Number(a.isFinal) - Number(b.isFinal));
  let previous = -1;
  return ordered.map((hook, index) => {
    const capture = captures.get(hook.name);
    const from = hook.statementId > previous ? previous + 1 : hook.statementId;
    const code = statementText(program.statements.slice(from, hook.statementId + 1));
    previous = hook.statementId;
    return {
      step_index: index,
      name: hook.name,
      code,
      code_line: hook.codeLine,
      value_hash: capture?.value_hash ?? null,
      value: capture?.value ?? null,
      value_type: capture?.value_type ?? null,
      depends_on: hook.dependsOn,
      is_final: hook.isFinal,
      cell_index: hook.cellIndex,
      line: hook.line,
    };
  });
}

/**
 * After some hooks were dropped, point each kept hook at the kept hooks its dropped dependencies
 * depended on, so the DAG stays connected.
 */
export function rewireDependencies(all: readonly HookSpec[], kept: readonly HookSpec[]): HookSpec[] {
  const byName = new Map(all.map((h) => [h.name, h]));
  const keep = new Set(kept.map((h) => h.name));
  const resolve = (name: string, seen: Set<string>): string[] => {
    if (keep.has(name)) return [name];
    if (seen.has(name)) return [];
    seen.add(name);
    return (byName.get(name)?.dependsOn ?? []).flatMap((d) => resolve(d, seen));
  };
  return kept.map((h) => ({ ...h, dependsOn: [...new Set(h.dependsOn.flatMap((d) => resolve(d, new Set())))] }));
}
