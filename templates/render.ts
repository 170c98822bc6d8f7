// The one function that turns a list of steps into Python: each step's code, then (when hooked) a
// `hook(variable, code_line, name, depends_on, variable=..., line=...)` call capturing the step's
// value. Stored steps (code, variable_name, name, depends_on) re-render the same program, so a
// later stage can change one step's code and run it again with the same hooks.
import { pyStr } from './python.js';
import type { TemplateStep } from './types.js';

export const HOOK_IMPORT = 'from hookmine_hook import hook';

/** The statement a step's value is captured after: its last non-empty line. */
export function codeLineOf(step: Pick<TemplateStep, 'code'>): string {
  const lines = step.code.split('\n').filter((l) => l.trim() !== '');
  return (lines.at(-1) ?? '').trim();
}

/** 1-based line, in the program without hooks, of each step's captured statement. */
export function stepLines(steps: readonly Pick<TemplateStep, 'code'>[]): number[] {
  let line = 0;
  return steps.map((s) => {
    line += s.code.split('\n').length;
    return line;
  });
}

/** The program as a person would write it: the steps' code, nothing else. */
export function renderPlain(steps: readonly Pick<TemplateStep, 'code'>[]): string {
  return `${steps.map((s) => s.code).join('\n')}\n`;
}

export function hookCall(step: TemplateStep, line: number): string {
  const deps = `[${step.dependsOn.map(pyStr).join(', ')}]`;
  return `hook(${step.variable}, ${pyStr(codeLineOf(step))}, ${pyStr(step.name)}, ${deps}, variable=${pyStr(step.variable)}, line=${line})`;
}

/** The program with a hook after every step (what runs in the sandbox). */
export function renderHooked(steps: readonly TemplateStep[]): string {
  const lines = stepLines(steps);
  const parts = [HOOK_IMPORT];
  steps.forEach((s, i) => parts.push(s.code, hookCall(s, lines[i] as number)));
  return `${parts.join('\n')}\n`;
}

/** Steps as stored in the corpus back to template steps (for re-rendering). */
export function stepsFromRows(rows: readonly { name: string; code: string; variable_name?: string | null; depends_on?: readonly string[] | null }[]): TemplateStep[] {
  return rows.map((r) => ({ name: r.name, code: r.code, variable: r.variable_name ?? r.name, dependsOn: [...(r.depends_on ?? [])] }));
}

/** Problems with a step list: names, dependencies, where values are captured. Empty when sound. */
export function stepProblems(steps: readonly TemplateStep[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  steps.forEach((s, i) => {
    if (!/^[a-z][a-z0-9_]*$/.test(s.name)) problems.push(`step ${i}: name "${s.name}" is not snake_case`);
    if (seen.has(s.name)) problems.push(`step ${i}: duplicate name "${s.name}"`);
    for (const d of s.dependsOn) if (!seen.has(d)) problems.push(`step ${i} (${s.name}): depends on "${d}", which is not an earlier step`);
    seen.add(s.name);
    if (!s.variable.trim()) problems.push(`step ${i} (${s.name}): no variable`);
    if (/\bhook\s*\(/.test(s.code)) problems.push(`step ${i} (${s.name}): calls hook() itself`);
    const last = s.code.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '';
    if (/^\s/.test(last)) problems.push(`step ${i} (${s.name}): its last line is indented, so no hook can follow it`);
  });
  // Every step leads to the final one: the DAG has one sink.
  const needed = new Set<string>();
  const byName = new Map(steps.map((s) => [s.name, s]));
  const visit = (name: string) => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const d of byName.get(name)?.dependsOn ?? []) visit(d);
  };
  const final = steps.at(-1);
  if (final) visit(final.name);
  for (const s of steps) if (!needed.has(s.name)) problems.push(`step ${s.name}: the final step does not depend on it`);
  return problems;
}
