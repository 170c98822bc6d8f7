// tree-sitter's Python grammar (web-tree-sitter + the wasm shipped in tree-sitter-python), loaded
// once per process. Parsing itself is synchronous and pure; only loading the grammar is async.
import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node as SyntaxNode, Tree as SyntaxTree } from 'web-tree-sitter';

export interface PythonParser {
  parse(code: string): Tree;
}

let loading: Promise<PythonParser> | undefined;

export function grammarPath(): string {
  return createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
}

/** The shared Python parser (the grammar loads on first use). */
export function loadPythonParser(): Promise<PythonParser> {
  loading ??= (async () => {
    await Parser.init();
    const language = await Language.load(grammarPath());
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      parse(code: string): Tree {
        const tree = parser.parse(code);
        if (!tree) throw new Error('tree-sitter returned no tree');
        return tree;
      },
    };
  })();
  return loading;
}

/** Every node with a syntax error or a missing token, in document order. */
export function syntaxErrors(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (node: Node) => {
    if (node.isError || node.isMissing) {
      out.push(node);
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return out;
}
