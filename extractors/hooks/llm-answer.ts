// The LLM proposer's answer, checked before anything is used: JSON shape, then every hook against
// the program. The answer only ever becomes hook positions and names; nothing in it is run as code.
import { z } from 'zod';
import { findFinalOutput } from '../python/final-output.js';
import type { CodeCell, Program, Statement } from '../python/program.js';
import { NameAllocator } from './naming.js';
import { codeLineOf, finalTarget, finalVariable, resolveDependencies } from './static-proposer.js';
import type { HookSpec, Proposal } from './types.js';

export const ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    hooks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          cell: { type: 'integer' },
          line: { type: 'integer' },
          variable: { type: 'string' },
          name: { type: 'string' },
          depends_on: { type: 'array', items: { type: 'string' } },
        },
        required: ['cell', 'line', 'variable', 'name', 'depends_on'],
      },
    },
    final_depends_on: { type: 'array', items: { type: 'string' } },
  },
  required: ['hooks', 'final_depends_on'],
} as const;

const answerSchema = z.object({
  hooks: z.array(
    z.object({
      cell: z.number().int(),
      line: z.number().int(),
      variable: z.string(),
      name: z.string(),
      depends_on: z.array(z.string()).default([]),
    }),
  ),
  final_depends_on: z.array(z.string()).default([]),
});

export type LlmHooksAnswer = z.infer<typeof answerSchema>;

const IDENTIFIER = /^[A-Za-z_]\w*$/;
const NOT_VALUES = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'function_definition', 'class_definition', 'decorated_definition']);
const NAME = /^[A-Za-z_][\w.:#-]{0,79}$/;
export const MAX_LLM_HOOKS = 80;

/** Parse the model's text as the answer JSON (a ```json fence is tolerated). */
export function parseHooksAnswer(text: string): { ok: true; answer: LlmHooksAnswer } | { ok: false; reason: string } {
  const body = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  let json: unknown;
  try {
    json = JSON.parse(body.trim());
  } catch (error) {
    return { ok: false, reason: `the answer is not valid JSON (${(error as Error).message})` };
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `the answer does not match the schema (${issue?.path.join('.') || 'root'}: ${issue?.message})` };
  }
  return { ok: true, answer: parsed.data };
}

/** The code listing the model sees: every code cell, its lines numbered from 1. */
export function codeListing(cells: readonly CodeCell[]): string {
  return cells
    .map((c) => [`### cell ${c.cellIndex}`, ...c.source.split('\n').map((line, i) => `${String(i + 1).padStart(3)} | ${line}`)].join('\n'))
    .join('\n\n');
}

function statementAt(program: Program, cell: number, line: number): Statement | undefined {
  return program.statements.find((s) => s.cellIndex === cell && s.startRow + 1 <= line && line <= s.endRow + 1);
}

/** Check every proposed hook against the program; keep the valid ones, reject the rest with a reason. */
export function validateHooksAnswer(program: Program, cells: readonly CodeCell[], answer: LlmHooksAnswer): Proposal {
  const rejected: Proposal['rejected'] = [];
  const final = findFinalOutput(program);
  if (!final) return { proposer: 'llm', hooks: [], final: null, rejected: [{ item: null, reason: 'no final output found' }] };
  const candidates: { item: LlmHooksAnswer['hooks'][number]; statement: Statement }[] = [];
  const names = new Set<string>();
  for (const item of answer.hooks.slice(0, MAX_LLM_HOOKS)) {
    const cell = cells.find((c) => c.cellIndex === item.cell);
    if (!cell) {
      rejected.push({ item, reason: `there is no code cell ${item.cell}` });
      continue;
    }
    const lines = cell.source.split('\n').length;
    if (item.line < 1 || item.line > lines) {
      rejected.push({ item, reason: `line ${item.line} is not in cell ${item.cell} (it has ${lines} lines)` });
      continue;
    }
    const statement = statementAt(program, item.cell, item.line);
    if (!statement) {
      rejected.push({ item, reason: `cell ${item.cell} line ${item.line} is not a top-level statement (blank, comment, or inside a block)` });
      continue;
    }
    if (NOT_VALUES.has(statement.type)) {
      rejected.push({ item, reason: `cell ${item.cell} line ${item.line} is an import or a definition, not a value` });
      continue;
    }
    if (statement.id === final.statement.id) {
      rejected.push({ item, reason: 'the final output is hooked by hookmine itself' });
      continue;
    }
    if (!IDENTIFIER.test(item.variable) || !(statement.use.writes.has(item.variable) || statement.use.mutates.has(item.variable))) {
      rejected.push({ item, reason: `\`${item.variable}\` is not assigned or modified by the statement at cell ${item.cell} line ${item.line}` });
      continue;
    }
    if (!NAME.test(item.name)) {
      rejected.push({ item, reason: `"${item.name}" is not a usable hook name` });
      continue;
    }
    if (names.has(item.name) || item.name.startsWith('output:')) {
      rejected.push({ item, reason: `duplicate hook name "${item.name}"` });
      continue;
    }
    if (candidates.some((c) => c.statement.id === statement.id && c.item.variable === item.variable)) {
      rejected.push({ item, reason: `duplicate hook on \`${item.variable}\` at cell ${item.cell} line ${item.line}` });
      continue;
    }
    names.add(item.name);
    candidates.push({ item, statement });
  }
  candidates.sort((a, b) => a.statement.id - b.statement.id);
  const hooks: HookSpec[] = [];
  for (const { item, statement } of candidates) {
    const earlier = new Set(hooks.map((h) => h.name));
    const unknown = item.depends_on.filter((d) => !earlier.has(d));
    if (unknown.length > 0) {
      rejected.push({ item, reason: `unknown or later dependencies: ${unknown.join(', ')}` });
      continue;
    }
    hooks.push({
      name: item.name,
      cellIndex: statement.cellIndex,
      statementId: statement.id,
      line: statement.endRow + 1,
      variable: item.variable,
      codeLine: codeLineOf(statement),
      dependsOn: [...new Set(item.depends_on)],
      isFinal: false,
      role: 'llm',
    });
  }
  const variable = finalVariable(final);
  const finalHook: HookSpec = {
    name: new NameAllocator().next('output', variable ?? final.kind),
    cellIndex: final.statement.cellIndex,
    statementId: final.statement.id,
    line: final.statement.endRow + 1,
    variable,
    codeLine: codeLineOf(final.statement),
    dependsOn: [],
    isFinal: true,
    role: 'output',
  };
  const known = new Set(hooks.map((h) => h.name));
  const stated = answer.final_depends_on.filter((d) => known.has(d));
  if (stated.length > 0) finalHook.dependsOn = [...new Set(stated)];
  else {
    // the model gave none we know: take them from the def-use graph
    const probe = [...hooks.map((h) => ({ ...h })), { ...finalHook }];
    resolveDependencies(program, probe);
    finalHook.dependsOn = probe.at(-1)?.dependsOn ?? [];
  }
  return { proposer: 'llm', hooks: [...hooks, finalHook], final: finalTarget(final), rejected };
}
