// Pieces every family uses: the load step, step construction, tolerances.
import { pyStr } from '../python.js';
import type { SourceInfo, TemplateStep, Tolerance } from '../types.js';

export const EXACT: Tolerance = { rtol: 0, atol: 0 };
/** Statistics computed the same way: only floating-point noise may differ. */
export const CLOSE: Tolerance = { rtol: 1e-6, atol: 1e-9 };
/** Model scores: solvers and library versions differ a little more. */
export const LOOSE: Tolerance = { rtol: 1e-3, atol: 1e-4 };

export function step(name: string, code: string, variable: string, dependsOn: string[] = []): TemplateStep {
  return { name, code, variable, dependsOn };
}

/** Step 0 of every program: read the table into `df`. */
export function loadStep(source: SourceInfo, extraImports: string[] = []): TemplateStep {
  const imports = [...new Set(['import pandas as pd', ...extraImports, ...source.imports])];
  const [variable, name] = ['df', 'load_data'];
  return step(name, `${imports.join('\n')}\n${variable} = ${source.loadExpr}`, variable);
}

/** A second table, read after the first (pandas is already imported). */
export function partnerStep(source: SourceInfo, variable: string, name: string): TemplateStep {
  const imports = source.imports.filter((i) => i !== 'import pandas as pd');
  return step(name, `${[...imports, `${variable} = ${source.loadExpr}`].join('\n')}`, variable);
}

/** `df["name"]` */
export function col(frame: string, name: string): string {
  return `${frame}[${pyStr(name)}]`;
}
