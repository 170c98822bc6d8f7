// Apply the repair rules to a notebook: rule after rule (each sees what the earlier ones made),
// cell by cell, each edit confined to rows that are the notebook's own Python, and every rewrite
// recorded as a row patch with its rule. Pure: the installed libraries come in as facts; names a
// rule asked about and the facts lacked come back in `missingFacts` for the caller to introspect.
import { findPython2 } from '../python2.js';
import type { PythonParser, SyntaxNode, SyntaxTree as Tree } from '../python/parser.js';
import { cellView, positionOf, rowStarts, type CellView } from './cell-view.js';
import { collectBound, collectImports } from './imports.js';
import { rowPatchOf, spliceAll, type RowPatch } from './patch.js';
import type { LibraryFacts, RepairRule, RuleEdit } from './types.js';

export interface RepairCell {
  cellIndex: number;
  cellType: string;
  source: string;
}

export interface RuleRepair extends RowPatch {
  /** order of application within the notebook, from 0 */
  seq: number;
  rule: string;
  family: RepairRule['family'];
  detail: string;
}

export interface RuleOutcome {
  /** every cell, code cells with the rules applied */
  cells: RepairCell[];
  repairs: RuleRepair[];
  /** dotted names the rules asked about that the facts did not hold */
  missingFacts: string[];
}

export interface RuleOptions {
  facts: LibraryFacts;
  competition: string | null;
  dataFiles: readonly string[];
  rules: readonly RepairRule[];
}

function isCode(c: RepairCell): boolean {
  return c.cellType === 'code' && c.source.trim() !== '';
}

/** Edits sorted, without overlaps, no-ops or rows the rules may not touch, in source offsets. */
function usableEdits(edits: RuleEdit[], view: string, source: string, foreign: ReadonlySet<number>): RuleEdit[] {
  const viewStarts = rowStarts(view);
  const sourceStarts = rowStarts(source);
  const out: RuleEdit[] = [];
  let lastEnd = -1;
  for (const e of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    if (e.start < lastEnd || e.end < e.start || view.slice(e.start, e.end) === e.text) continue;
    const a = positionOf(viewStarts, e.start);
    const b = positionOf(viewStarts, e.end);
    let ok = true;
    for (let r = a.row; r <= b.row; r++) if (foreign.has(r)) ok = false;
    if (!ok) continue;
    out.push({ ...e, start: (sourceStarts[a.row] as number) + a.col, end: (sourceStarts[b.row] as number) + b.col });
    lastEnd = e.end;
  }
  return out;
}

/** Group edits whose rows overlap: one record per group. */
function groupByRows(edits: RuleEdit[], source: string): { first: number; last: number; edits: RuleEdit[] }[] {
  const starts = rowStarts(source);
  const groups: { first: number; last: number; edits: RuleEdit[] }[] = [];
  for (const e of edits) {
    const first = positionOf(starts, e.start).row;
    const last = positionOf(starts, e.end).row;
    const g = groups[groups.length - 1];
    if (g && first <= g.last) {
      g.last = Math.max(g.last, last);
      g.edits.push(e);
    } else groups.push({ first, last, edits: [e] });
  }
  return groups;
}

export function applyRules(parser: PythonParser, cells: readonly RepairCell[], options: RuleOptions): RuleOutcome {
  const current = cells.map((c) => ({ ...c }));
  const repairs: RuleRepair[] = [];
  const python2 = current.some((c) => isCode(c) && findPython2(c.cellIndex, c.source).length > 0);
  // Views and trees are kept from rule to rule and redone only for the cells a rule changed.
  const views = current.map((c) => (isCode(c) ? cellView(c.cellIndex, c.source) : null));
  const trees = views.map((v) => (v && !v.skip ? parser.parse(v.view) : null));
  let scope: { imports: Map<string, string>; bound: Set<string>; notebook: SyntaxNode[] } | null = null;
  try {
    for (const rule of options.rules) {
      // Imports and bound names as the notebook stands now (an earlier rule may have moved an import).
      scope ??= notebookScope(trees);
      const { imports, bound, notebook } = scope;
      const replaced: Tree[] = [];
      current.forEach((cell, i) => {
        const view = views[i];
        const tree = trees[i];
        if (!view || !tree) return;
        const edits = usableEdits(
          rule.apply({ root: tree.rootNode, source: view.view, cellIndex: cell.cellIndex, imports, notebook, bound, python2, facts: options.facts, competition: options.competition, dataFiles: options.dataFiles }),
          view.view,
          cell.source,
          view.foreign,
        );
        if (edits.length === 0) return;
        // Bottom-up, so each record's line numbers hold for the cell as the earlier records left it.
        for (const g of groupByRows(edits, cell.source).reverse()) {
          const patch = rowPatchOf(cell.cellIndex, cell.source, g.edits, g.first, g.last);
          cell.source = spliceAll(cell.source, g.edits);
          repairs.push({ ...patch, seq: repairs.length, rule: rule.name, family: rule.family, detail: [...new Set(g.edits.map((e) => e.detail))].join('; ') });
        }
        // the old tree may still be read by this rule (other cells' scope): freed after the pass
        replaced.push(tree);
        views[i] = cellView(cell.cellIndex, cell.source);
        trees[i] = parser.parse((views[i] as CellView).view);
        scope = null;
      });
      for (const t of replaced) t.delete();
    }
  } finally {
    // web-tree-sitter trees live in WASM memory until deleted: free them, or long runs abort
    for (const t of trees) t?.delete();
  }
  return { cells: current, repairs, missingFacts: [...options.facts.missing].sort() };
}

function notebookScope(trees: readonly (Tree | null)[]): { imports: Map<string, string>; bound: Set<string>; notebook: SyntaxNode[] } {
  const imports = new Map<string, string>();
  const bound = new Set<string>();
  for (const t of trees) if (t) collectImports(t.rootNode, imports);
  for (const t of trees) if (t) collectBound(t.rootNode, bound);
  for (const name of imports.keys()) bound.delete(name);
  return { imports, bound, notebook: trees.filter((t): t is Tree => t !== null).map((t) => t.rootNode) };
}
