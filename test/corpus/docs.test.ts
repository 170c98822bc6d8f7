import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withCorpus } from '../helpers/tmp.js';

// docs/corpus.md is the user's SQL API: every table and view, and every table's column, is documented.
const DOC = readFileSync(new URL('../../docs/corpus.md', import.meta.url), 'utf8');

function documentedColumns(table: string): Set<string> {
  const start = DOC.indexOf(`### \`${table}\``);
  if (start < 0) return new Set();
  const rest = DOC.slice(start + 4);
  const end = rest.search(/\n##/);
  const section = end < 0 ? rest : rest.slice(0, end);
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const first = line.split('|')[1] ?? '';
    for (const m of first.matchAll(/`([a-z0-9_]+)`/g)) names.add(m[1] as string);
  }
  return names;
}

describe('docs/corpus.md', () => {
  it('documents every table and every column', async () => {
    await withCorpus(async (corpus) => {
      const cols = await corpus.query<{ table_name: string; column_name: string }>(
        `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_catalog, table_schema, table_name)
         WHERE c.table_schema = 'main' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
      );
      const missing: string[] = [];
      for (const { table_name, column_name } of cols) {
        if (!documentedColumns(table_name).has(column_name)) missing.push(`${table_name}.${column_name}`);
      }
      expect(missing).toEqual([]);
    });
  });

  it('documents every view', async () => {
    await withCorpus(async (corpus) => {
      const views = await corpus.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW' AND table_schema = 'main'`);
      for (const { table_name } of views) expect(DOC).toContain(`| \`${table_name}\` |`);
    });
  });
});
