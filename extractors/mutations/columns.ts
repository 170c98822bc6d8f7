// What a captured DataFrame's columns hold, read from the hook's frame summary (dtypes, shape,
// missing counts, numeric stats), so wrong_column swaps in a column a gold program could have picked:
// one of the same kind, never an identifier. The templates (templates/columns.ts) keep identifiers
// out of their column pools; the summary has no distinct counts, so "one distinct value per row" is
// read where it can be: whole numbers that fill their range exactly once (1..n, as PassengerId), or
// for text columns, a name that says id.
import type { ColumnKind } from '../../templates/types.js';

export interface ColumnInfo {
  kind: ColumnKind;
  /** an identifier: the templates never ask about one, so a mutant never swaps one in */
  idLike: boolean;
}

/** The parts of a hook's DataFrame (or Series) summary this reads; see describe() in hookmine_hook.py. */
export interface FrameSummary {
  columns?: unknown;
  dtypes?: unknown;
  shape?: unknown;
  missing?: unknown;
  stats?: unknown;
}

/** pandas dtype as printed -> the templates' column kind; undefined for ones they never use. */
export function kindOfDtype(dtype: string): ColumnKind | undefined {
  if (/^bool|^boolean$/.test(dtype)) return 'boolean';
  if (/^(u?int|Int|UInt|float|Float|complex)/.test(dtype)) return 'numeric';
  if (/^datetime|^period/.test(dtype)) return 'datetime';
  if (/^(object|string|category|str)/.test(dtype)) return 'string';
  return undefined;
}

const ID_NAME = /(^|[_\s])(id|ID|Id)$|[a-z](Id|ID)$|^(id|ID|Id)[_\s]/;

/** Every column of a summary whose dtype is known, with its kind and whether it looks like an identifier. */
export function columnInfo(summary: FrameSummary): Map<string, ColumnInfo> {
  const out = new Map<string, ColumnInfo>();
  if (!Array.isArray(summary.columns) || typeof summary.dtypes !== 'object' || summary.dtypes === null) return out;
  const dtypes = summary.dtypes as Record<string, unknown>;
  const rows = Array.isArray(summary.shape) && typeof summary.shape[0] === 'number' ? summary.shape[0] : undefined;
  const missing = (typeof summary.missing === 'object' && summary.missing !== null ? summary.missing : {}) as Record<string, unknown>;
  const stats = (typeof summary.stats === 'object' && summary.stats !== null ? summary.stats : {}) as Record<string, Record<string, unknown> | undefined>;
  for (const raw of summary.columns) {
    const name = String(raw);
    const dtype = dtypes[name];
    const kind = typeof dtype === 'string' ? kindOfDtype(dtype) : undefined;
    if (!kind) continue;
    let idLike = false;
    if (kind === 'numeric' && rows !== undefined) {
      const s = stats[name];
      const n = rows - (typeof missing[name] === 'number' ? (missing[name] as number) : 0);
      const [min, max, sum] = [s?.min, s?.max, s?.sum];
      // n whole numbers spanning exactly n values and summing to the range's sum: 1..n in some order
      if (typeof min === 'number' && typeof max === 'number' && typeof sum === 'number' && Number.isInteger(min) && Number.isInteger(max)) {
        idLike = n >= 10 && max - min + 1 === n && Math.abs(sum - (n * (min + max)) / 2) < 1e-6 * Math.max(1, Math.abs(sum));
      }
    } else if (kind === 'string') {
      idLike = ID_NAME.test(name);
    }
    out.set(name, { kind, idLike });
  }
  return out;
}
