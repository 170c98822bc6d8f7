// Printed pandas output whose layout changed between pandas versions while its content did not,
// rewritten to one canonical form so the comparison sees the content:
// - `DataFrame.info()`: pandas 1.0 put the columns in a table (`#  Column  Non-Null Count  Dtype`)
//   where 0.x printed `name  891 non-null int64`; pandas 2.0 prints `Index:` for what 1.x called
//   `Int64Index:`/`UInt64Index:`/`Float64Index:` (those classes were removed). Each column becomes
//   one `column: name | count | dtype` row, compared exactly.
// - its `memory usage` line: the data's bytes (entries x item size, fixed by the rows above) plus
//   the index object's own size, and a RangeIndex's own size changed between versions (80 -> 132
//   bytes). The line is replaced by the data's bytes only when the printed value is exactly that
//   plus at most MAX_RANGE_INDEX_BYTES, within the printed rounding; otherwise it stays as printed.
// - `Series.value_counts()`: pandas 2.0 names the result `count` (`proportion`) and its index after
//   the column, so the column's name moved from the footer (`Name: Deck`) to a header line.
// Nothing else is touched: values, counts and dtypes are compared as printed. Pure.

/** A RangeIndex is three integers: its own size is small and does not grow with its length. */
export const MAX_RANGE_INDEX_BYTES = 256;

const INFO_CLASS = "<class 'pandas.core.frame.DataFrame'>";
const INDEX_LINE = /^(\w+): (\d+) entries(.*)$/;
const DATA_COLUMNS = /^Data columns \(total (\d+) columns\):$/;
const TABLE_HEADER = /^\s*#\s+Column\s+(?:Non-Null Count\s+)?Dtype$/;
const TABLE_RULE = /^\s*---\s+------/;
const NEW_ROW = /^\s*(\d+)\s+(.+?)\s+(?:(\d+) non-null\s+)?(\S+)$/;
const OLD_ROW = /^(.+?)\s+(?:(\d+) non-null\s+)?(\S+)$/;
const MEMORY = /^memory usage: ([\d.]+)(\+?) (bytes|KB|MB|GB|TB)$/;
/** index classes pandas 2.0 folded into Index */
const RENAMED_INDEX: Record<string, string> = { Int64Index: 'Index', UInt64Index: 'Index', Float64Index: 'Index' };
const ITEM_BYTES: Record<string, number> = {
  int64: 8, uint64: 8, float64: 8, object: 8, 'datetime64[ns]': 8, 'timedelta64[ns]': 8, complex128: 16,
  int32: 4, uint32: 4, float32: 4, int16: 2, uint16: 2, float16: 2, int8: 1, uint8: 1, bool: 1,
};
const UNIT: Record<string, number> = { bytes: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

interface InfoColumn {
  name: string;
  count: string | null;
  dtype: string;
}

/** The printed memory value covers [low, high) bytes: pandas prints one decimal (`%3.1f`). */
function printedRange(value: string, unit: string): [number, number] {
  const v = Number(value);
  const f = UNIT[unit] as number;
  return unit === 'bytes' ? [v, v + 1] : [(v - 0.05) * f, (v + 0.05) * f];
}

/** The memory line as the data's bytes, when the printed value is exactly data + a RangeIndex. */
function memoryLine(line: string, indexKind: string, entries: number, columns: InfoColumn[]): string {
  const m = MEMORY.exec(line);
  if (!m || indexKind !== 'RangeIndex') return line;
  const sizes = columns.map((c) => ITEM_BYTES[c.dtype]);
  if (sizes.some((s) => s === undefined)) return line;
  const data = entries * sizes.reduce((a: number, s) => a + (s as number), 0);
  const [low, high] = printedRange(m[1] as string, m[3] as string);
  // some index size in [0, MAX_RANGE_INDEX_BYTES] puts data + index inside the printed range
  if (data + MAX_RANGE_INDEX_BYTES < low || data >= high) return line;
  return `memory usage: ${data}${m[2]} bytes of data + a RangeIndex`;
}

/** One info() block from `start` (the class line): its canonical lines and where it ends, or null. */
function infoBlock(lines: readonly string[], start: number): { out: string[]; end: number } | null {
  const index = INDEX_LINE.exec(lines[start + 1] ?? '');
  const total = DATA_COLUMNS.exec(lines[start + 2] ?? '');
  if (!index || !total) return null;
  const kind = index[1] as string;
  const entries = Number(index[2]);
  const k = Number(total[1]);
  let i = start + 3;
  const table = TABLE_HEADER.test(lines[i] ?? '');
  if (table) {
    if (!TABLE_RULE.test(lines[i + 1] ?? '')) return null;
    i += 2;
  }
  const columns: InfoColumn[] = [];
  for (let c = 0; c < k; c++, i++) {
    const line = lines[i] ?? '';
    if (table) {
      const m = NEW_ROW.exec(line);
      if (!m || Number(m[1]) !== c) return null;
      columns.push({ name: m[2] as string, count: m[3] ?? null, dtype: m[4] as string });
    } else {
      const m = OLD_ROW.exec(line);
      if (!m) return null;
      columns.push({ name: (m[1] as string).trim(), count: m[2] ?? null, dtype: m[3] as string });
    }
  }
  const out = [INFO_CLASS, `${RENAMED_INDEX[kind] ?? kind}: ${entries} entries${index[3]}`, `Data columns (total ${k} columns):`];
  for (const c of columns) out.push(`column: ${c.name} | ${c.count === null ? '' : `${c.count} non-null | `}${c.dtype}`);
  if ((lines[i] ?? '').startsWith('dtypes: ')) out.push(lines[i++] as string);
  if (MEMORY.test(lines[i] ?? '')) out.push(memoryLine(lines[i++] as string, kind, entries, columns));
  return { out, end: i };
}

const COUNT_FOOTER = /^Name: (count|proportion), (.*)dtype: (\S+)$/;
const SERIES_ROW = /^\S.*?\s+[-+\d.eE]+$|^\s+\.\.$|^\.\.\s+\.\.$/;

/** pandas 2 value_counts (header line = index name, `Name: count`) as pandas 1 printed it. */
function valueCounts(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    const m = COUNT_FOOTER.exec(out[i] as string);
    if (!m) continue;
    let j = i - 1;
    while (j >= 0 && SERIES_ROW.test(out[j] as string)) j--;
    const header = out[j];
    // the header is the index name alone on its line, right above at least one row
    if (j < 0 || j === i - 1 || header === undefined || !/^\S+(?: \S+)*$/.test(header) || SERIES_ROW.test(header)) continue;
    out[i] = `Name: ${header}, ${m[2]}dtype: ${m[3]}`;
    out.splice(j, 1);
    i--;
  }
  return out;
}

/** Whether the text holds a layout this module canonicalises. */
export function hasPandasLayout(text: string): boolean {
  return text.includes(INFO_CLASS) || /^Name: (?:count|proportion), /m.test(text) || /^\s*#\s+Column\s/m.test(text);
}

/** Text with pandas' version-dependent layouts rewritten to one canonical form (see the header). */
export function canonicalPandasLayout(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === INFO_CLASS) {
      const block = infoBlock(lines, i);
      if (block) {
        out.push(...block.out);
        i = block.end - 1;
        continue;
      }
    }
    out.push(lines[i] as string);
  }
  return valueCounts(out).join('\n');
}
