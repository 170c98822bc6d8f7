// Conversions between plain JS values and DuckDB values, so DuckDB*Value classes never leave corpus/.
import {
  DuckDBTypeId,
  jsToDuckDBValue,
  listValue,
  timestampValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

/** A value a caller may bind as a SQL parameter or append into a column. */
export type Param = string | number | boolean | bigint | null | undefined | Date | readonly Param[] | { [k: string]: unknown };

/** A row as the rest of hookmine sees it: plain JSON-friendly values. */
export type Row = Record<string, unknown>;

/** Bind a JS value as a query parameter with a type DuckDB can infer. */
export function toParam(value: Param): DuckDBValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return timestampValue(BigInt(value.getTime()) * 1000n);
  if (Array.isArray(value)) return listValue(value.map((v) => toParam(v as Param)));
  if (typeof value === 'object') return JSON.stringify(value);
  return value as DuckDBValue;
}

/** Convert a JS value for a column of the given type (appender path). */
export function toColumnValue(value: unknown, type: DuckDBType): DuckDBValue {
  if (value === undefined || value === null) return null;
  const id = type.typeId;
  if (id === DuckDBTypeId.VARCHAR) {
    // JSON columns report VARCHAR through the appender; objects are stored as their JSON text.
    return typeof value === 'string' ? value : JSON.stringify(value);
  }
  if (id === DuckDBTypeId.TIMESTAMP) {
    const date = value instanceof Date ? value : new Date(value as string | number);
    if (Number.isNaN(date.getTime())) throw new TypeError(`not a timestamp: ${String(value)}`);
    return timestampValue(BigInt(date.getTime()) * 1000n);
  }
  if ((id === DuckDBTypeId.BIGINT || id === DuckDBTypeId.HUGEINT) && typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError(`not an integer: ${value}`);
    return BigInt(value);
  }
  if (id === DuckDBTypeId.INTEGER && typeof value === 'bigint') return Number(value);
  return jsToDuckDBValue(value as never, type as never);
}

/** Turn a DuckDB JS result value into a plain value: safe bigints become numbers, dates ISO strings. */
export function fromResultValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(fromResultValue);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromResultValue(v);
    return out;
  }
  return value;
}
