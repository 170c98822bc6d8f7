// The template library: every family, in a fixed order (the planner's round-robin follows it).
import { binningFamilies } from './families/binning.js';
import { chainFamilies } from './families/chains.js';
import { correlationFamilies } from './families/correlation.js';
import { datetimeFamilies } from './families/datetime.js';
import { distractorFamilies } from './families/distractors.js';
import { distributionFamilies } from './families/distribution.js';
import { groupbyFamilies } from './families/groupby.js';
import { joinFamilies } from './families/joins.js';
import { missingFamilies } from './families/missing.js';
import { modelFamilies } from './families/models.js';
import { probabilityFamilies } from './families/probability.js';
import { rankingFamilies } from './families/ranking.js';
import { ratioFamilies } from './families/ratios.js';
import { selectionFamilies } from './families/selection.js';
import type { Category, Family } from './types.js';

export const FAMILIES: readonly Family[] = [
  ...selectionFamilies,
  ...groupbyFamilies,
  ...rankingFamilies,
  ...ratioFamilies,
  ...missingFamilies,
  ...correlationFamilies,
  ...distributionFamilies,
  ...datetimeFamilies,
  ...joinFamilies,
  ...binningFamilies,
  ...probabilityFamilies,
  ...modelFamilies,
  ...chainFamilies,
  ...distractorFamilies,
];

export const CATEGORIES: readonly Category[] = [...new Set(FAMILIES.map((f) => f.category))];

/** `family/variant` of every variant kept for the validation split (never trained on). */
export const VALIDATION_VARIANTS: ReadonlySet<string> = new Set(
  FAMILIES.flatMap((f) => f.variants.filter((v) => v.validation && !v.heldout).map((v) => `${f.id}/${v.id}`)),
);

export function familyById(id: string): Family | undefined {
  return FAMILIES.find((f) => f.id === id);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/**
 * Families named by id, category or glob (`groupby`, `join-*`, `quantile`). Returns the families
 * and the patterns that matched nothing.
 */
export function selectFamilies(patterns: readonly string[]): { families: Family[]; unknown: string[] } {
  if (patterns.length === 0) return { families: [...FAMILIES], unknown: [] };
  const chosen = new Set<Family>();
  const unknown: string[] = [];
  for (const pattern of patterns) {
    const re = globToRegExp(pattern.trim());
    const hits = FAMILIES.filter((f) => re.test(f.id) || re.test(f.category));
    if (hits.length === 0) unknown.push(pattern);
    for (const f of hits) chosen.add(f);
  }
  return { families: FAMILIES.filter((f) => chosen.has(f)), unknown };
}
