// The rules applied to one notebook with facts about the installed libraries: apply, introspect
// whatever the rules asked about and the cache lacked, apply again from the original cells, until
// no rule asks about anything new.
import { applyRules, REPAIR_RULES, type RepairCell, type RuleOutcome } from '../../extractors/repairs/registry.js';
import type { RepairRule } from '../../extractors/repairs/types.js';
import type { PythonParser } from '../../extractors/python/parser.js';
import type { Introspector } from './facts.js';

const MAX_ROUNDS = 5;

export async function rulePass(
  parser: PythonParser,
  introspector: Introspector,
  cells: readonly RepairCell[],
  layout: { competition: string | null; dataFiles: readonly string[] },
  rules: readonly RepairRule[] = REPAIR_RULES,
): Promise<RuleOutcome> {
  let outcome = applyRules(parser, cells, { facts: introspector.facts(), competition: layout.competition, dataFiles: layout.dataFiles, rules });
  for (let round = 1; round < MAX_ROUNDS && outcome.missingFacts.length > 0; round++) {
    await introspector.learn(outcome.missingFacts);
    outcome = applyRules(parser, cells, { facts: introspector.facts(), competition: layout.competition, dataFiles: layout.dataFiles, rules });
  }
  return outcome;
}
