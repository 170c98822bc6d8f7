// Hook insertion: a `_hookmine_hook(...)` call after each hooked statement, at the statement's
// indentation, changing nothing the program computes or displays except through the call.
// - after an ordinary statement: a new line (or `; call` when another statement shares the line);
// - after a cell's last expression (which Jupyter displays): `_hookmine_v = <expr>`, the calls, then
//   `_hookmine_v`, so the same value is still displayed;
// - after a compound statement (if/for/with/try): the call is guarded, since its names may be unbound;
// - the final output's value is captured once, before the statement, when it is an expression
//   (`pd.DataFrame(...).to_csv(...)`, `print(a, b)`, a displayed expression) and the statement then
//   uses the captured name.
import type { FinalOutput } from '../python/final-output.js';
import type { SyntaxNode } from '../python/parser.js';
import type { CodeCell, Program, Statement } from '../python/program.js';
import type { HookSpec } from './types.js';

export const HOOK_FN = '_hookmine_hook';
export const PREAMBLE = `from hookmine_hook import hook as ${HOOK_FN}`;
/** The preamble cell runs before the notebook's cells; it has no notebook cell index. */
export const PREAMBLE_CELL = -1;

const COMPOUND = new Set(['if_statement', 'for_statement', 'while_statement', 'with_statement', 'try_statement', 'match_statement']);

interface Edit {
  at: number;
  /** characters replaced from `at` (0 = pure insertion) */
  remove: number;
  text: string;
}

export interface InstrumentResult {
  /** the preamble cell first, then every code cell with its hooks */
  cells: CodeCell[];
  /** hooks that could not be placed, with the reason */
  skipped: { hook: HookSpec; reason: string }[];
}

/** A Python string literal (JSON's escapes are valid Python escapes). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

export function hookCall(hook: HookSpec, expression: string): string {
  const deps = `[${hook.dependsOn.map(pyString).join(', ')}]`;
  const variable = hook.variable === null ? 'None' : pyString(hook.variable);
  return `${HOOK_FN}(${expression}, ${pyString(hook.codeLine)}, ${pyString(hook.name)}, ${deps}, variable=${variable}, cell=${hook.cellIndex}, line=${hook.line})`;
}

function lineEnd(source: string, index: number): number {
  const nl = source.indexOf('\n', index);
  return nl < 0 ? source.length : nl;
}

/** The text after a statement on its last line, up to a comment: `;` means display is suppressed. */
function trailing(source: string, statement: Statement): string {
  return source.slice(statement.endIndex, lineEnd(source, statement.endIndex)).split('#')[0]?.trim() ?? '';
}

/** Indentation of the line a statement starts on, and whether the statement starts that line. */
function lineLayout(source: string, statement: Statement): { indent: string; startsLine: boolean } {
  const lineStart = source.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart, statement.startIndex))?.[0] ?? '';
  return { indent, startsLine: lineStart + indent.length === statement.startIndex };
}

/** Text to insert in front of a statement: its own line when the statement starts its line, else `text; `. */
function before(text: string, layout: { indent: string; startsLine: boolean }): string {
  return layout.startsLine ? `${text}\n${layout.indent}` : `${text}; `;
}

function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

/** Edits that capture the final output's value when it is an expression; returns the expression to hook. */
function finalCapture(final: FinalOutput, source: string, edits: Edit[]): string | null {
  const s = final.statement;
  const layout = lineLayout(source, s);
  const value = final.valueNode;
  if (final.kind === 'print' && value) {
    const args = value.childForFieldName('arguments');
    if (!args) return null;
    const items = named(args);
    const positional = items.filter((a) => a.type !== 'keyword_argument');
    const keywords = items.filter((a) => a.type === 'keyword_argument');
    if (positional.some((a) => a.type === 'dictionary_splat')) return null;
    const tuple = positional.map((a) => (a.type === 'list_splat' ? a.text : `(${a.text})`)).join(', ');
    edits.push({ at: s.startIndex, remove: 0, text: before(`_hookmine_final = (${tuple}${positional.length ? ',' : ''})`, layout) });
    const call = `print(*_hookmine_final${keywords.map((k) => `, ${k.text}`).join('')})`;
    edits.push({ at: value.startIndex, remove: value.endIndex - value.startIndex, text: call });
    return '_hookmine_final';
  }
  if (!value) {
    // A notebook-defined function wrote the file: read the CSV back right after it is written.
    if (final.kind === 'file' && final.path && /\.csv$/i.test(final.path)) return `__import__('pandas').read_csv(${pyString(final.path)})`;
    return null;
  }
  if (value.type === 'identifier' && final.kind !== 'display') return value.text;
  if (final.kind === 'display' && value.startIndex === s.node.namedChild(0)?.startIndex && value.endIndex === s.node.namedChild(0)?.endIndex) {
    // the displayed expression is the whole statement: handled by the display-preserving rewrite
    return '';
  }
  edits.push({ at: s.startIndex, remove: 0, text: before(`_hookmine_final = ${source.slice(value.startIndex, value.endIndex)}`, layout) });
  edits.push({ at: value.startIndex, remove: value.endIndex - value.startIndex, text: '_hookmine_final' });
  return '_hookmine_final';
}

export function instrument(program: Program, cells: readonly CodeCell[], hooks: readonly HookSpec[], final: FinalOutput | undefined): InstrumentResult {
  const skipped: InstrumentResult['skipped'] = [];
  const byStatement = new Map<number, HookSpec[]>();
  for (const h of hooks) {
    if (!program.statements[h.statementId]) {
      skipped.push({ hook: h, reason: `no statement ${h.statementId}` });
      continue;
    }
    byStatement.set(h.statementId, [...(byStatement.get(h.statementId) ?? []), h]);
  }
  const editsByCell = new Map<number, Edit[]>();
  for (const [id, list] of byStatement) {
    const s = program.statements[id] as Statement;
    const cell = cells.find((c) => c.cellIndex === s.cellIndex);
    if (!cell) {
      for (const h of list) skipped.push({ hook: h, reason: `cell ${s.cellIndex} is not among the cells` });
      continue;
    }
    const source = cell.source;
    const edits = editsByCell.get(s.cellIndex) ?? [];
    editsByCell.set(s.cellIndex, edits);
    const layout = lineLayout(source, s);
    const indent = layout.indent;
    const calls: string[] = [];
    let displayWhole = false;
    for (const h of list) {
      if (h.isFinal) {
        if (!final || final.statement.id !== s.id) {
          skipped.push({ hook: h, reason: 'the final hook is not at the final output statement' });
          continue;
        }
        const expr = finalCapture(final, source, edits);
        if (expr === null) {
          skipped.push({ hook: h, reason: `the final output (${final.kind}) cannot be captured without changing the program` });
          continue;
        }
        if (expr === '') {
          displayWhole = true;
          calls.push(hookCall(h, '_hookmine_v'));
        } else if (expr === '_hookmine_final') {
          // captured before the statement runs: put the call right after the capture
          edits.push({ at: s.startIndex, remove: 0, text: before(hookCall(h, expr), layout) });
        } else {
          calls.push(hookCall(h, expr));
        }
      } else if (h.variable) {
        calls.push(hookCall(h, h.variable));
      } else {
        skipped.push({ hook: h, reason: 'no variable to capture' });
      }
    }
    if (calls.length === 0) continue;
    const next = program.statements[id + 1];
    const sharesLine = next !== undefined && next.cellIndex === s.cellIndex && next.startRow === s.endRow;
    const displayed = s.lastInCell && s.isExpression && !trailing(source, s).startsWith(';');
    if (displayed || displayWhole) {
      // keep Jupyter's display of the cell's last expression
      edits.push({ at: s.startIndex, remove: 0, text: '_hookmine_v = ' });
      edits.push({ at: s.endIndex, remove: 0, text: `\n${calls.map((c) => indent + c).join('\n')}\n${indent}_hookmine_v` });
    } else if (sharesLine) {
      edits.push({ at: s.endIndex, remove: 0, text: `; ${calls.join('; ')}` });
    } else if (COMPOUND.has(s.type)) {
      const guarded = calls.map((c) => `${indent}try:\n${indent}    ${c}\n${indent}except NameError:\n${indent}    pass`);
      edits.push({ at: lineEnd(source, s.endIndex), remove: 0, text: `\n${guarded.join('\n')}` });
    } else {
      edits.push({ at: lineEnd(source, s.endIndex), remove: 0, text: `\n${calls.map((c) => indent + c).join('\n')}` });
    }
  }
  const out: CodeCell[] = [{ cellIndex: PREAMBLE_CELL, source: PREAMBLE }];
  for (const cell of cells) {
    const edits = (editsByCell.get(cell.cellIndex) ?? []).map((e, order) => ({ ...e, order }));
    // Apply from the end so earlier offsets stay valid. At one offset, replacements go first (they
    // refer to the original text), then insertions so that they end up in the order they were made.
    edits.sort((a, b) => b.at - a.at || Number(b.remove > 0) - Number(a.remove > 0) || b.order - a.order);
    let source = cell.source;
    for (const e of edits) source = source.slice(0, e.at) + e.text + source.slice(e.at + e.remove);
    out.push({ cellIndex: cell.cellIndex, source });
  }
  return { cells: out, skipped };
}
