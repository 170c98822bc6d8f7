// What the names of a notebook refer to: `sns` -> `seaborn`, `RFE` ->
// `sklearn.feature_selection.RFE`, from its import statements (all cells: they share one
// namespace), and every other name the notebook binds. Pure.
import type { SyntaxNode } from '../python/parser.js';
import { dottedName, named, walk } from './tree.js';

/** local name -> the dotted name it was imported as */
export type ImportMap = ReadonlyMap<string, string>;

export function collectImports(root: SyntaxNode, into: Map<string, string>): void {
  walk(root, (n) => {
    if (n.type === 'import_statement') {
      for (const c of named(n)) {
        if (c.type === 'dotted_name') {
          // `import a.b` binds `a`, which refers to package `a`
          const first = c.text.split('.')[0] as string;
          into.set(first, first);
        } else if (c.type === 'aliased_import') {
          const name = c.childForFieldName('name');
          const alias = c.childForFieldName('alias');
          if (name && alias) into.set(alias.text, name.text);
        }
      }
      return false;
    }
    if (n.type === 'import_from_statement') {
      const module = n.childForFieldName('module_name');
      if (!module || module.type !== 'dotted_name') return false;
      for (const c of named(n)) {
        if (c.id === module.id) continue;
        if (c.type === 'dotted_name') into.set(c.text, `${module.text}.${c.text}`);
        else if (c.type === 'aliased_import') {
          const name = c.childForFieldName('name');
          const alias = c.childForFieldName('alias');
          if (name && alias) into.set(alias.text, `${module.text}.${name.text}`);
        }
      }
      return false;
    }
    return undefined;
  });
}

/** The dotted name a call target refers to through the imports (`sns.boxplot` -> `seaborn.boxplot`). */
export function resolveName(node: SyntaxNode | null, imports: ImportMap): string | null {
  const dotted = dottedName(node);
  if (!dotted) return null;
  const [head, ...rest] = dotted.split('.');
  const target = imports.get(head as string);
  if (!target) return null;
  return [target, ...rest].join('.');
}

/** Names bound by assignment, def, class, for, with, except, lambda and comprehension targets. */
export function collectBound(root: SyntaxNode, into: Set<string>): void {
  const targets = (t: SyntaxNode | null) => {
    if (!t) return;
    if (t.type === 'identifier') into.add(t.text);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'expression_list', 'tuple', 'list', 'as_pattern_target', 'list_splat_pattern', 'dictionary_splat_pattern'].includes(t.type)) for (const c of named(t)) targets(c);
  };
  walk(root, (n) => {
    switch (n.type) {
      case 'assignment':
      case 'augmented_assignment':
        targets(n.childForFieldName('left'));
        break;
      case 'function_definition':
      case 'class_definition':
        targets(n.childForFieldName('name'));
        break;
      case 'for_statement':
      case 'for_in_clause':
        targets(n.childForFieldName('left'));
        break;
      case 'as_pattern':
        targets(n.childForFieldName('alias'));
        break;
      case 'parameters':
      case 'lambda_parameters':
        for (const p of named(n)) targets(p.type === 'identifier' ? p : (p.childForFieldName('name') ?? named(p)[0] ?? null));
        break;
    }
    return undefined;
  });
}

/** The import statements of the given trees, as written (for a prompt: what the notebook has imported). */
export function importStatements(roots: readonly SyntaxNode[]): string[] {
  const out: string[] = [];
  for (const root of roots) {
    walk(root, (n) => {
      if (n.type === 'import_statement' || n.type === 'import_from_statement') {
        out.push(n.text.replace(/\s*\n\s*/g, ' '));
        return false;
      }
      return undefined;
    });
  }
  return [...new Set(out)];
}
