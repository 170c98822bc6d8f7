// numpy's aliases of Python builtins (np.float, np.int, np.bool, np.object, np.str, ...), removed
// in numpy 1.24: rewritten to the builtin they always were, where the installed numpy lacks them.
// Pure.
import { resolveName } from './imports.js';
import { walk } from './tree.js';
import type { RepairRule, RuleEdit } from './types.js';

const ALIASES: Record<string, string> = { float: 'float', int: 'int', bool: 'bool', object: 'object', str: 'str', long: 'int', unicode: 'str', complex: 'complex' };

export const numpyAliases: RepairRule = {
  name: 'numpy-builtin-aliases',
  family: 'numpy',
  description: 'np.float, np.int, np.bool, np.object, np.str (removed in numpy 1.24) become the builtins they aliased',
  apply(ctx) {
    const found: { start: number; end: number; name: string }[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'attribute') return;
      const name = resolveName(n, ctx.imports);
      const alias = name?.startsWith('numpy.') ? name.slice('numpy.'.length) : undefined;
      if (alias && alias in ALIASES) found.push({ start: n.startIndex, end: n.endIndex, name: alias });
      return false;
    });
    const edits: RuleEdit[] = [];
    for (const f of found) {
      if (ctx.facts.exists(`numpy.${f.name}`) !== false) continue;
      edits.push({ start: f.start, end: f.end, text: ALIASES[f.name] as string, detail: `np.${f.name} -> ${ALIASES[f.name]}` });
    }
    return edits;
  },
};
