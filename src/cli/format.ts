// Query results as a table, CSV, JSON or JSON lines.
export type OutputFormat = 'table' | 'json' | 'csv' | 'jsonl';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv', 'jsonl'];

export interface ResultSet {
  columns: string[];
  /** DuckDB type names; a JSON column is reported as "JSON" */
  types: string[];
  rows: unknown[][];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** JSON columns hold JSON text; the JSON formats embed it as JSON rather than as a string. */
function jsonValue(value: unknown, type: string | undefined): unknown {
  if (type === 'JSON' && typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function rowObject(result: ResultSet, row: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  result.columns.forEach((c, i) => (out[c] = jsonValue(row[i], result.types[i])));
  return out;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatTable(result: ResultSet, maxWidth = 60): string {
  const clip = (s: string) => {
    const flat = s.replace(/\r?\n/g, '\\n');
    return flat.length > maxWidth ? `${flat.slice(0, maxWidth - 1)}…` : flat;
  };
  const header = result.columns.map(clip);
  const body = result.rows.map((row) => row.map((v) => clip(cellText(v))));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const numeric = result.types.map((t) => /INT|DOUBLE|FLOAT|DECIMAL|HUGEINT/.test(t));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`;
  return [line(header), rule, ...body.map(line), count].join('\n') + '\n';
}

export function formatResult(result: ResultSet, format: OutputFormat): string {
  switch (format) {
    case 'table':
      return formatTable(result);
    case 'json':
      return `${JSON.stringify(
        result.rows.map((r) => rowObject(result, r)),
        null,
        2,
      )}\n`;
    case 'jsonl':
      return result.rows.map((r) => JSON.stringify(rowObject(result, r))).join('\n') + (result.rows.length ? '\n' : '');
    case 'csv':
      return [result.columns.map(csvField).join(','), ...result.rows.map((r) => r.map((v) => csvField(cellText(v))).join(','))].join('\n') + '\n';
  }
}
