// Planning: for each profiled table, round-robin over the chosen families and their variants,
// seed after seed, until the table has its quota of distinct programs. Pure and deterministic: the
// same tables, families, quota and seed give the same plan, and the same episode ids.
import { createHash } from 'node:crypto';
import { renderHooked, renderPlain, stepProblems } from '../../templates/render.js';
import { seededRng } from '../../templates/rng.js';
import type { Family, Instance, SourceInfo, Variant } from '../../templates/types.js';
import type { ProfiledSource } from './profile.js';

export interface PlannedEpisode {
  episodeId: string;
  family: Family;
  variant: Variant;
  seed: number;
  source: ProfiledSource;
  instance: Instance;
  /** the program with hooks (what runs) and without (episodes.code) */
  program: string;
  code: string;
}

export interface PlanIssue {
  item: string;
  reason: 'template_error';
  detail: string;
}

export interface Plan {
  planned: PlannedEpisode[];
  /** programs identical to one already planned for the same table (another seed picked the same columns) */
  duplicates: number;
  issues: PlanIssue[];
}

export interface PlanOptions {
  families: readonly Family[];
  /** episodes per table at most */
  perCsv: number;
  /** first template seed; later rounds use seed + 1, seed + 2, ... */
  seed: number;
  /** seeds tried per family variant at most */
  maxRounds?: number;
}

/** Deterministic id of (family, variant, seed, the tables used and their content). */
export function episodeId(family: string, variant: string, seed: number, tables: readonly Pick<SourceInfo, 'key' | 'contentSha256'>[]): string {
  const hash = createHash('sha256').update([family, variant, String(seed), ...tables.flatMap((t) => [t.key, t.contentSha256])].join('\n'));
  return `syn_${hash.digest('hex').slice(0, 20)}`;
}

/** The seed key of a family's random picks on a table. */
export function rngKey(family: string, variant: string, seed: number, table: string): string {
  return `${family}|${variant}|${seed}|${table}`;
}

export function planSource(source: ProfiledSource, options: PlanOptions): Plan {
  const maxRounds = options.maxRounds ?? 8;
  const pairs = options.families.flatMap((family) => family.variants.map((variant) => ({ family, variant, misses: 0 })));
  // Rotate the starting family per table, so a small quota still spreads over the library.
  const offset = pairs.length ? createHash('sha256').update(source.info.key).digest().readUInt32LE(0) % pairs.length : 0;
  const order = [...pairs.slice(offset), ...pairs.slice(0, offset)];
  const plan: Plan = { planned: [], duplicates: 0, issues: [] };
  const seen = new Set<string>();
  for (let round = 0; round < maxRounds && plan.planned.length < options.perCsv; round++) {
    const seed = options.seed + round;
    for (const pair of order) {
      if (plan.planned.length >= options.perCsv) break;
      if (pair.misses >= 2) continue;
      const { family, variant } = pair;
      // Held-out variants are a test set: one seed per table keeps it a minority of the episodes.
      if (variant.heldout && round > 0) continue;
      if (family.needsPartner && source.partners.length === 0) {
        pair.misses = 2;
        continue;
      }
      const item = `${family.id}/${variant.id} seed ${seed} on ${source.info.key}`;
      let instance: Instance | null;
      try {
        instance = family.build({ source: source.info, profile: source.profile, partners: source.partners, rng: seededRng(rngKey(family.id, variant.id, seed, source.info.key)), seed }, variant.id);
      } catch (error) {
        plan.issues.push({ item, reason: 'template_error', detail: `build failed: ${(error as Error).message}` });
        pair.misses = 2;
        continue;
      }
      if (!instance) {
        pair.misses += 1;
        continue;
      }
      const problems = stepProblems(instance.steps);
      if (problems.length || instance.questions.length < 2) {
        plan.issues.push({ item, reason: 'template_error', detail: problems[0] ?? 'fewer than two phrasings' });
        pair.misses = 2;
        continue;
      }
      const code = renderPlain(instance.steps);
      if (seen.has(code)) {
        plan.duplicates += 1;
        continue;
      }
      seen.add(code);
      const tables = [source.info, ...source.partners.filter((p) => code.includes(p.source.loadExpr)).map((p) => p.source)];
      plan.planned.push({
        episodeId: episodeId(family.id, variant.id, seed, tables),
        family,
        variant,
        seed,
        source,
        instance,
        program: renderHooked(instance.steps),
        code,
      });
    }
  }
  return plan;
}
