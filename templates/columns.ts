// Column roles read from a profile: which columns a family may pick as a measure, a category, a
// binary target, a date, a key. Conservative on purpose: a template that runs on a badly chosen
// column produces an answer nobody would ask for.
import type { ColumnProfile, DataProfile, Scalar } from './types.js';

/** A column name the programs can index safely and a question can quote. */
function quotable(c: ColumnProfile): boolean {
  return c.name.length > 0 && c.name.length <= 60 && !/[`\n\r"\\]/.test(c.name);
}

/** Identifier-like: whole numbers or strings, one distinct value per row. */
export function isIdLike(c: ColumnProfile, rows: number): boolean {
  if (c.kind === 'datetime' || c.kind === 'boolean') return false;
  if (c.kind === 'numeric' && !c.integer) return false;
  return rows >= 10 && c.unique >= rows - c.missing && c.unique > 1;
}

function usable(p: DataProfile): ColumnProfile[] {
  return p.columns.filter(quotable);
}

/** Numeric measures: not an id, several distinct values, mostly present, not constant. */
export function numericColumns(p: DataProfile, minUnique = 3): ColumnProfile[] {
  return usable(p).filter(
    (c) => c.kind === 'numeric' && c.stats !== undefined && !isIdLike(c, p.rows) && c.unique >= minUnique && c.missing <= p.rows / 2 && c.stats.std > 0,
  );
}

/** Every numeric column but identifiers (what "the numeric columns, ids excluded" means in a question). */
export function numericFeatureColumns(p: DataProfile): ColumnProfile[] {
  return usable(p).filter((c) => c.kind === 'numeric' && !isIdLike(c, p.rows));
}

/** Continuous-looking measures (at least 8 distinct values). */
export function continuousColumns(p: DataProfile): ColumnProfile[] {
  return numericColumns(p, 8);
}

/** Columns whose values name groups: 2 to `max` distinct values, each used value seen often enough. */
export function categoricalColumns(p: DataProfile, max = 12): ColumnProfile[] {
  return usable(p).filter((c) => c.kind !== 'datetime' && !isIdLike(c, p.rows) && c.unique >= 2 && c.unique <= max && usableValues(c).length >= 2);
}

/** Two-valued columns whose rarer value is not negligible. */
export function binaryColumns(p: DataProfile): ColumnProfile[] {
  return usable(p).filter((c) => c.unique === 2 && c.top.length === 2 && Math.min(...c.top.map((t) => t.count)) >= Math.max(5, 0.02 * p.rows));
}

export function missingColumns(p: DataProfile): ColumnProfile[] {
  return usable(p).filter((c) => c.missing > 0);
}

export function datetimeColumns(p: DataProfile): ColumnProfile[] {
  return usable(p).filter((c) => c.kind === 'datetime' && c.dates !== undefined && c.dates.days >= 3);
}

export function idColumns(p: DataProfile): ColumnProfile[] {
  return usable(p).filter((c) => isIdLike(c, p.rows));
}

/** Values of a column frequent enough to filter on (at least `minCount` rows). */
export function usableValues(c: ColumnProfile, minCount = 5): Scalar[] {
  return c.top.filter((t) => t.count >= minCount && !(typeof t.value === 'string' && /[\n\r"\\]/.test(t.value))).map((t) => t.value);
}

/** The profile covers every distinct value of the column (its top list is complete). */
export function allValuesKnown(c: ColumnProfile): boolean {
  return c.top.length === c.unique;
}

export function column(p: DataProfile, name: string): ColumnProfile | undefined {
  return p.columns.find((c) => c.name === name);
}

export function names(cols: readonly ColumnProfile[]): string[] {
  return cols.map((c) => c.name);
}
