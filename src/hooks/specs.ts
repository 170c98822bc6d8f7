// Hook rows from the corpus back to HookSpecs on a re-analysed program: a hook is placed after the
// statement that ends on its line and whose text starts with its recorded code line.
import type { HookRow } from '../../corpus/hooks.js';
import type { HookSpec } from '../../extractors/hooks/types.js';
import type { Program } from '../../extractors/python/program.js';

export function specsFromRows(program: Program, rows: readonly HookRow[]): { specs: HookSpec[]; unmatched: { row: HookRow; reason: string }[] } {
  const specs: HookSpec[] = [];
  const unmatched: { row: HookRow; reason: string }[] = [];
  for (const row of rows) {
    const prefix = (row.code_line ?? '').replace(/\.\.\.$/, '');
    const statement = program.statements.find(
      (s) => s.cellIndex === row.cell_index && s.endRow + 1 === row.line && s.text.trim().startsWith(prefix),
    );
    if (!statement) {
      unmatched.push({ row, reason: `no statement ends at cell ${row.cell_index} line ${row.line} with that code` });
      continue;
    }
    specs.push({
      name: row.name,
      cellIndex: statement.cellIndex,
      statementId: statement.id,
      line: statement.endRow + 1,
      variable: row.variable_name,
      codeLine: row.code_line ?? '',
      dependsOn: row.depends_on ?? [],
      isFinal: row.is_final,
      role: row.is_final ? 'output' : 'hook',
    });
  }
  return { specs, unmatched };
}
