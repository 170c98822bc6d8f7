// The notebook's final output: the statement that writes the submission file, else the last
// displayed or printed result (a plot only when nothing else is shown). For a prefix (the cells
// before the one a run stopped in), the last value computed: the last statement that writes a file,
// prints, displays, binds or modifies a variable.
import { rootName } from './names.js';
import type { SyntaxNode } from './parser.js';
import type { Program, Statement } from './program.js';

export type FinalKind = 'file' | 'print' | 'display' | 'plot' | 'value';

export interface FinalOutput {
  statement: Statement;
  kind: FinalKind;
  /** the file written, when it is a literal (`submission.csv`) */
  path?: string;
  /** the expression whose value is the output (the frame written, the expression displayed) */
  valueNode?: SyntaxNode;
}

const WRITERS = new Set(['to_csv', 'to_excel', 'to_parquet', 'to_json', 'to_feather', 'to_pickle', 'savetxt', 'save', 'savez', 'dump']);
const PLOT_ROOTS = new Set(['plt', 'sns', 'px', 'go', 'ff', 'matplotlib', 'seaborn', 'plotly', 'py', 'iplot', 'msno']);
const PLOT_METHODS = new Set(['plot', 'hist', 'boxplot', 'scatter', 'bar', 'barh', 'heatmap', 'show', 'figure', 'subplots', 'imshow', 'pie', 'kde', 'iplot']);

function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

function descendants(node: SyntaxNode, type: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    if (n.type === type) out.push(n);
    for (const c of named(n)) visit(c);
  };
  visit(node);
  return out;
}

function stringValue(node: SyntaxNode | undefined): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return named(node)
    .filter((c) => c.type === 'string_content')
    .map((c) => c.text)
    .join('');
}

/** A file-writing call in the statement: `x.to_csv(path)`, `np.savetxt(path, x)`. */
function fileWrite(statement: Statement): FinalOutput | undefined {
  for (const call of descendants(statement.node, 'call').reverse()) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute') continue;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    if (!WRITERS.has(method)) continue;
    const receiver = fn.childForFieldName('object') ?? undefined;
    const args = named(call.childForFieldName('arguments') ?? call).filter((a) => a.type !== 'keyword_argument');
    const receiverRoot = rootName(receiver ?? null);
    if (method.startsWith('to_')) {
      return { statement, kind: 'file', path: stringValue(args[0]), valueNode: receiver };
    }
    // np.savetxt(path, array) / pickle.dump(obj, f) / joblib.dump(obj, path)
    if (['np', 'numpy', 'pickle', 'joblib'].includes(receiverRoot ?? '')) {
      const value = method === 'dump' ? args[0] : args[1];
      return { statement, kind: 'file', path: stringValue(method === 'dump' ? args[1] : args[0]), valueNode: value };
    }
  }
  return undefined;
}

function isPlot(statement: Statement): boolean {
  for (const call of descendants(statement.node, 'call')) {
    const fn = call.childForFieldName('function');
    if (!fn) continue;
    const root = rootName(fn);
    const method = fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : fn.text;
    if ((root && PLOT_ROOTS.has(root)) || PLOT_METHODS.has(method)) return true;
  }
  return false;
}

function printCall(statement: Statement): SyntaxNode | undefined {
  const inner = statement.node.type === 'expression_statement' ? statement.node.namedChild(0) : null;
  if (inner?.type === 'call' && inner.childForFieldName('function')?.text === 'print') return inner;
  return undefined;
}

const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);

/** A call to a notebook-defined function that writes a file: `create_submission(model, 'run-01.csv')`. */
function writerCall(statement: Statement, writers: ReadonlySet<string>): FinalOutput | undefined {
  for (const call of descendants(statement.node, 'call')) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'identifier' || !writers.has(fn.text)) continue;
    const args = named(call.childForFieldName('arguments') ?? call);
    const literal = args.map((a) => stringValue(a.type === 'keyword_argument' ? (a.childForFieldName('value') ?? undefined) : a)).find((v) => v && /\.\w{2,5}$/.test(v));
    return { statement, kind: 'file', path: literal };
  }
  return undefined;
}

const NOT_VALUES = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'delete_statement', 'pass_statement', 'global_statement', 'nonlocal_statement', 'assert_statement']);

/** The identifier node that binds `name` in the statement (the left side of `x = ...`, `x += ...`, `x.drop(..., inplace=True)`). */
function identifierOf(statement: Statement, name: string): SyntaxNode | undefined {
  return descendants(statement.node, 'identifier').find((n) => n.text === name);
}

/** The last value a prefix computed (see the header). */
function prefixFinal(program: Program, writers: ReadonlySet<string>): FinalOutput | undefined {
  const statements = program.statements;
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i] as Statement;
    if (DEFINITIONS.has(s.type) || NOT_VALUES.has(s.type)) continue;
    const file = fileWrite(s) ?? writerCall(s, writers);
    if (file) return file;
    if (isPlot(s)) continue;
    const print = printCall(s);
    if (print) return { statement: s, kind: 'print', valueNode: print };
    // `df.update(...)`, `rows.append(x)`: the value computed is the object changed, not the call's None
    const changed = [...s.use.mutates].filter((n) => /^[A-Za-z_]\w*$/.test(n)).pop();
    const changedNode = changed && s.isExpression ? identifierOf(s, changed) : undefined;
    if (changedNode) return { statement: s, kind: 'value', valueNode: changedNode };
    if (s.isExpression && s.lastInCell) {
      const inner = s.node.namedChild(0);
      if (inner?.type === 'call' && inner.childForFieldName('function')?.text === 'display') {
        return { statement: s, kind: 'display', valueNode: named(inner.childForFieldName('arguments') ?? s.node)[0] };
      }
      return { statement: s, kind: 'display', valueNode: inner ?? undefined };
    }
    if (s.type !== 'expression_statement') continue; // a loop or a with block: its names may be unbound
    const bound = [...s.use.writes, ...s.use.mutates].filter((n) => /^[A-Za-z_]\w*$/.test(n));
    const name = bound[bound.length - 1];
    const node = name ? identifierOf(s, name) : undefined;
    if (node) return { statement: s, kind: 'value', valueNode: node };
  }
  return undefined;
}

export function findFinalOutput(program: Program): FinalOutput | undefined {
  const statements = program.statements;
  const writers = new Set(
    statements.filter((s) => DEFINITIONS.has(s.type) && fileWrite(s)).flatMap((s) => [...s.use.writes]),
  );
  if (program.prefix) return prefixFinal(program, writers);
  // 1. the last statement that writes an output file (itself, or through a function it defined)
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i] as Statement;
    if (DEFINITIONS.has(s.type)) continue;
    const found = fileWrite(s) ?? writerCall(s, writers);
    if (found) return found;
  }
  // 2. the last printed or displayed result that is not a plot
  let lastPlot: Statement | undefined;
  for (let i = statements.length - 1; i >= 0; i--) {
    const s = statements[i] as Statement;
    if (isPlot(s)) {
      lastPlot ??= s;
      continue;
    }
    const print = printCall(s);
    if (print) return { statement: s, kind: 'print', valueNode: print };
    if (s.isExpression && s.lastInCell) {
      const inner = s.node.namedChild(0);
      const fnName = inner?.type === 'call' ? inner.childForFieldName('function')?.text : undefined;
      if (fnName === 'display') {
        const arg = named(inner?.childForFieldName('arguments') ?? s.node)[0];
        return { statement: s, kind: 'display', valueNode: arg };
      }
      return { statement: s, kind: 'display', valueNode: inner ?? undefined };
    }
  }
  // 3. a notebook that only plots: its last plot
  if (lastPlot) return { statement: lastPlot, kind: 'plot' };
  return undefined;
}
