// Every repair rule, in the order they apply: Python 2 syntax first (so later rules see a tree
// without Python 2 statements), then moved modules (so names resolve to where they live now),
// then removed APIs, keyword-only arguments and data folders.
import { dataFolders, dataRelativeFiles } from './data-paths.js';
import { keywordArgs } from './keyword-args.js';
import { numpyAliases } from './numpy.js';
import { PANDAS_RULES } from './pandas.js';
import { PYTHON2_NAME_RULES } from './python2-names.js';
import { PYTHON2_SYNTAX_RULES } from './python2-syntax.js';
import { SKLEARN_RULES } from './sklearn.js';
import type { RepairRule } from './types.js';

export const REPAIR_RULES: readonly RepairRule[] = [...PYTHON2_SYNTAX_RULES, ...PYTHON2_NAME_RULES, ...SKLEARN_RULES, ...PANDAS_RULES, numpyAliases, keywordArgs, dataFolders, dataRelativeFiles];

export function ruleByName(name: string): RepairRule | undefined {
  return REPAIR_RULES.find((r) => r.name === name);
}

export { applyRules, type RepairCell, type RuleOutcome, type RuleRepair } from './apply.js';
export { applyPatches, applyRowPatch, PatchMismatchError, type RowPatch } from './patch.js';
export { LibraryFacts, type NameFacts, type ParamInfo, type RepairRule } from './types.js';
