// Every repair rule, in the order they apply: Python 2 syntax first (so later rules see a tree
// without Python 2 statements), then moved modules (so names resolve to where they live now),
// then removed APIs (renamed functions, GPU-only settings), keyword-only arguments and data folders.
import { dataFolders, dataRelativeFiles } from './data-paths.js';
import { GPU_RULES } from './gpu.js';
import { keywordArgs } from './keyword-args.js';
import { numpyAliases } from './numpy.js';
import { PANDAS_RULES } from './pandas.js';
import { PYTHON2_NAME_RULES } from './python2-names.js';
import { PYTHON2_SYNTAX_RULES } from './python2-syntax.js';
import { REMOVED_API_RULES } from './removed-apis.js';
import { SKLEARN_DEFAULT_RULES } from './sklearn-defaults.js';
import { SKLEARN_RULES } from './sklearn.js';
import type { RepairRule } from './types.js';

export const REPAIR_RULES: readonly RepairRule[] = [...PYTHON2_SYNTAX_RULES, ...PYTHON2_NAME_RULES, ...SKLEARN_RULES, ...PANDAS_RULES, ...REMOVED_API_RULES, ...GPU_RULES, numpyAliases, keywordArgs, dataFolders, dataRelativeFiles];

/**
 * Rules that change what the code computes, back to what it computed on the libraries the notebook
 * was written for (old defaults): never in the first pass; the session tries them on a run that
 * completes without reproducing and keeps them only when the run then reproduces.
 */
export const BEHAVIOUR_RULES: readonly RepairRule[] = [...SKLEARN_DEFAULT_RULES];

export function ruleByName(name: string): RepairRule | undefined {
  return [...REPAIR_RULES, ...BEHAVIOUR_RULES].find((r) => r.name === name);
}

export { applyRules, type RepairCell, type RuleOutcome, type RuleRepair } from './apply.js';
export { applyPatches, applyRowPatch, PatchMismatchError, type RowPatch } from './patch.js';
export { LibraryFacts, type NameFacts, type ParamInfo, type RepairRule } from './types.js';
