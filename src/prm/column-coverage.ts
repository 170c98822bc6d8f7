// Which numeric columns a selected table leaves out of the table it was taken from (step text v4).
// "Every other numeric column (identifiers excluded)" asked and one of them missing from the
// selection is an error no value shows by itself: the selection's statistics look as plausible as
// gold's. Read against the loaded table, it is a count. Complete columns and columns with missing
// values are counted apart, since questions often ask for the complete ones only. Pure.

/** The line that says what a table step leaves out (step-text-v4). */
export const LEFT_OUT_MARKER = '# left out: ';

export interface TableColumns {
  all: string[];
  /** numeric columns that do not look like identifiers */
  numeric: string[];
  /** columns with at least one missing value */
  incomplete: Set<string>;
}

const NUMERIC = /^(u?int|float)\d*$|^(Int|UInt|Float)\d+$/;
/** "Id", "PassengerId", "id", "customer_id": what questions exclude as identifiers. */
const IDENTIFIER = /^id$|_id$|^id_|[a-z]Id$|ID$/i;

/** A table value's columns (a DataFrame summary with `dtypes`), undefined for anything else. */
export function tableColumns(value: unknown): TableColumns | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as { dtypes?: unknown; missing?: unknown };
  if (!v.dtypes || typeof v.dtypes !== 'object' || Array.isArray(v.dtypes)) return undefined;
  const dtypes = Object.entries(v.dtypes as Record<string, unknown>);
  const missing = v.missing && typeof v.missing === 'object' ? Object.entries(v.missing as Record<string, unknown>) : [];
  return {
    all: dtypes.map(([c]) => c),
    numeric: dtypes.filter(([c, t]) => typeof t === 'string' && NUMERIC.test(t) && !IDENTIFIER.test(c)).map(([c]) => c),
    incomplete: new Set(missing.filter(([, n]) => typeof n === 'number' && n > 0).map(([c]) => c)),
  };
}

export interface LeftOut {
  /** the earlier step whose table this one was taken from */
  from: string;
  complete: number;
  incomplete: number;
}

/**
 * What a table leaves out of the first earlier table that holds all of its columns and more: its
 * numeric, non-identifier columns, complete and incomplete (as the source table counts them).
 * Only for a selection that keeps two numeric columns or more: one column taken out of a table is
 * a lookup, not a choice of features.
 */
export function leftOut(table: TableColumns, earlier: readonly { name: string; columns: TableColumns }[]): LeftOut | undefined {
  if (table.numeric.length < 2) return undefined;
  const own = new Set(table.all);
  const source = earlier.find((e) => e.columns.all.length > own.size && table.all.every((c) => e.columns.all.includes(c)));
  if (!source) return undefined;
  const dropped = source.columns.numeric.filter((c) => !own.has(c));
  if (dropped.length === 0) return undefined;
  const incomplete = dropped.filter((c) => source.columns.incomplete.has(c)).length;
  return { from: source.name, complete: dropped.length - incomplete, incomplete };
}

export function leftOutLine(l: LeftOut): string {
  return `${LEFT_OUT_MARKER}${l.complete} complete and ${l.incomplete} incomplete numeric columns of step ${l.from}`;
}

/** Feature tokens of a `# left out:` line: counts bucketed as 1, 2, 3+ (0 says nothing). */
export function leftOutFeatures(line: string): string[] {
  const m = /^# left out: (\d+) complete and (\d+) incomplete/.exec(line);
  if (!m) return [];
  const bucket = (n: number) => (n >= 3 ? '3+' : String(n));
  const out: string[] = [];
  if (Number(m[1]) > 0) out.push(`vf:left-out-complete:${bucket(Number(m[1]))}`);
  if (Number(m[2]) > 0) out.push('vf:left-out-incomplete');
  return out;
}
