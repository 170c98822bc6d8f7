// Tables (a DataFrame, a CSV file, a hook's table value): same columns, same rows, values within
// tolerance. Columns are matched by name; rows by position, by id columns, or as a multiset.
import { MATCH, mismatch, numbersClose, parseNumber, show, type MatchResult, type Tolerance } from './tolerance.js';

export interface Table {
  columns: string[];
  rows: unknown[][];
}

export interface TableOptions {
  /** columns that identify a row: rows are aligned by their values, order ignored */
  idColumns?: string[];
  /** without id columns: compare rows as a multiset (sorted by their content) */
  ignoreRowOrder?: boolean;
  /** column order matters (default false: columns are matched by name) */
  columnOrder?: boolean;
}

export function isTable(value: unknown): value is Table {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.columns) && Array.isArray(v.rows) && v.rows.every((r) => Array.isArray(r));
}

/** A scalar cell as a number when it is one (CSV cells are text: "1.0" and 1 are the same value). */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'string') return parseNumber(value);
  return undefined;
}

function normaliseScalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const t = text.replace(/\s+/g, ' ').trim();
  // Python writes True/False, JSON and JavaScript true/false: the same boolean.
  return /^(true|false)$/i.test(t) ? t.toLowerCase() : t;
}

/** One cell: numbers with tolerance, empty and null alike, text with whitespace normalised. */
export function cellsMatch(expected: unknown, actual: unknown, tol: Tolerance): boolean {
  const a = asNumber(expected);
  const b = asNumber(actual);
  if (a !== undefined && b !== undefined) return numbersClose(a, b, tol);
  return normaliseScalarText(expected) === normaliseScalarText(actual);
}

function sortKey(row: unknown[]): string {
  // Numbers rounded to 6 significant digits so values within tolerance sort together.
  return row
    .map((v) => {
      const n = asNumber(v);
      return n === undefined ? normaliseScalarText(v) : Number.isFinite(n) ? n.toPrecision(6) : String(n);
    })
    .join('\u001f');
}

function rowLabel(index: number, idColumns: string[], row: unknown[] | undefined, columnIndex: Map<string, number>): string {
  if (idColumns.length === 0 || !row) return `row ${index}`;
  const ids = idColumns.map((c) => `${c}=${normaliseScalarText(row[columnIndex.get(c) as number])}`).join(', ');
  return `row ${index} (${ids})`;
}

export function compareTables(expected: Table, actual: Table, tol: Tolerance, options: TableOptions = {}): MatchResult {
  const expCols = expected.columns.map(String);
  const actCols = actual.columns.map(String);
  const missing = expCols.filter((c) => !actCols.includes(c));
  const extra = actCols.filter((c) => !expCols.includes(c));
  if (missing.length || extra.length) {
    const parts = [];
    if (missing.length) parts.push(`missing ${missing.map((c) => `'${c}'`).join(', ')}`);
    if (extra.length) parts.push(`extra ${extra.map((c) => `'${c}'`).join(', ')}`);
    return mismatch(`columns differ: ${parts.join('; ')}`);
  }
  if (options.columnOrder && expCols.join('\u001f') !== actCols.join('\u001f')) {
    return mismatch(`column order differs: [${expCols.join(', ')}] vs [${actCols.join(', ')}]`);
  }
  if (expected.rows.length !== actual.rows.length) {
    return mismatch(`row count differs: ${expected.rows.length} vs ${actual.rows.length}`);
  }
  const expIndex = new Map(expCols.map((c, i) => [c, i]));
  const actIndex = new Map(actCols.map((c, i) => [c, i]));
  const idColumns = (options.idColumns ?? []).filter((c) => expIndex.has(c));

  let pairs: [number, unknown[], unknown[]][];
  if (idColumns.length > 0) {
    const key = (row: unknown[], index: Map<string, number>) => idColumns.map((c) => normaliseScalarText(row[index.get(c) as number])).join('\u001f');
    const byId = new Map<string, unknown[]>();
    for (const row of actual.rows) byId.set(key(row, actIndex), row);
    if (byId.size !== actual.rows.length) return mismatch(`id column${idColumns.length > 1 ? 's' : ''} ${idColumns.map((c) => `'${c}'`).join(', ')} not unique in the produced table`);
    pairs = [];
    for (let i = 0; i < expected.rows.length; i++) {
      const row = expected.rows[i] as unknown[];
      const match = byId.get(key(row, expIndex));
      if (!match) return mismatch(`${rowLabel(i, idColumns, row, expIndex)}: id not found in the produced table`);
      pairs.push([i, row, match]);
    }
  } else if (options.ignoreRowOrder) {
    const sortRows = (rows: unknown[][], index: Map<string, number>) =>
      rows.map((r) => expCols.map((c) => r[index.get(c) as number])).sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
    const exp = sortRows(expected.rows, expIndex);
    const act = sortRows(actual.rows, actIndex);
    const ident = new Map(expCols.map((c, i) => [c, i]));
    for (let i = 0; i < exp.length; i++) {
      for (const col of expCols) {
        const j = ident.get(col) as number;
        const e = (exp[i] as unknown[])[j];
        const a = (act[i] as unknown[])[j];
        if (!cellsMatch(e, a, tol)) return mismatch(`sorted row ${i}, column '${col}': ${show(e)} vs ${show(a)}`);
      }
    }
    return MATCH;
  } else {
    pairs = expected.rows.map((row, i) => [i, row, actual.rows[i] as unknown[]]);
  }
  for (const [i, exp, act] of pairs) {
    for (const col of expCols) {
      const e = exp[expIndex.get(col) as number];
      const a = act[actIndex.get(col) as number];
      if (!cellsMatch(e, a, tol)) return mismatch(`${rowLabel(i, idColumns, exp, expIndex)}, column '${col}': ${show(e)} vs ${show(a)}`);
    }
  }
  return MATCH;
}
