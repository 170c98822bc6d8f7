// A notebook's code cells as one program: top-level statements in order, what each reads and
// writes, and the def-use graph across cells (a statement depends on the latest earlier statement
// that bound or modified each name it reads).
import { statementNames, type NameUse } from './names.js';
import { syntaxErrors, type PythonParser, type SyntaxNode } from './parser.js';

export interface CodeCell {
  /** the cell's index in the notebook (cells table) */
  cellIndex: number;
  source: string;
}

export interface Statement {
  /** position in program order, 0-based */
  id: number;
  cellIndex: number;
  /** 0-based rows and columns inside the cell's source */
  startRow: number;
  startCol: number;
  endRow: number;
  endCol: number;
  /** byte-free character offsets inside the cell's source */
  startIndex: number;
  endIndex: number;
  type: string;
  text: string;
  use: NameUse;
  /** the cell's last statement: Jupyter displays its value when it is an expression */
  lastInCell: boolean;
  /** an expression statement that is not an assignment (its value is displayed when last) */
  isExpression: boolean;
  /** statement ids this one depends on, with the name that links them */
  deps: { id: number; name: string }[];
  /** the tree-sitter node (valid while the program is in use) */
  node: SyntaxNode;
}

export interface Program {
  statements: Statement[];
  /** cells that did not parse (Python 2, magics left in, broken code): no statement is taken from them */
  unparsable: { cellIndex: number; row: number; column: number }[];
  /** the cells of a run that stopped early (a prefix): its final output is the last value computed */
  prefix?: boolean;
}

const SKIP = new Set(['comment']);

export function analyzeProgram(parser: PythonParser, cells: readonly CodeCell[]): Program {
  const statements: Statement[] = [];
  const unparsable: Program['unparsable'] = [];
  const lastWriter = new Map<string, number>();
  for (const cell of cells) {
    const tree = parser.parse(cell.source);
    const errors = syntaxErrors(tree.rootNode);
    if (errors.length > 0) {
      const first = errors[0] as SyntaxNode;
      unparsable.push({ cellIndex: cell.cellIndex, row: first.startPosition.row, column: first.startPosition.column });
      continue;
    }
    const nodes = tree.rootNode.namedChildren.filter((n): n is SyntaxNode => n !== null && !SKIP.has(n.type));
    nodes.forEach((node, i) => {
      const use = statementNames(node);
      const deps: Statement['deps'] = [];
      const seen = new Set<number>();
      for (const name of use.reads) {
        const writer = lastWriter.get(name);
        if (writer !== undefined && !seen.has(writer)) {
          seen.add(writer);
          deps.push({ id: writer, name });
        }
      }
      const id = statements.length;
      const inner = node.type === 'expression_statement' ? node.namedChild(0) : null;
      statements.push({
        id,
        cellIndex: cell.cellIndex,
        startRow: node.startPosition.row,
        startCol: node.startPosition.column,
        endRow: node.endPosition.row,
        endCol: node.endPosition.column,
        startIndex: node.startIndex,
        endIndex: node.endIndex,
        type: node.type,
        text: node.text,
        use,
        lastInCell: i === nodes.length - 1,
        isExpression: inner !== null && !['assignment', 'augmented_assignment'].includes(inner.type) && node.namedChildCount === 1,
        deps,
        node,
      });
      for (const name of [...use.writes, ...use.mutates]) lastWriter.set(name, id);
    });
  }
  return { statements, unparsable };
}

/** Every statement the given ones depend on, transitively, including themselves (in program order). */
export function backwardSlice(program: Program, from: readonly number[]): Statement[] {
  const keep = new Set<number>();
  const stack = [...from];
  while (stack.length > 0) {
    const id = stack.pop() as number;
    if (keep.has(id)) continue;
    keep.add(id);
    for (const d of program.statements[id]?.deps ?? []) stack.push(d.id);
  }
  return program.statements.filter((s) => keep.has(s.id));
}
