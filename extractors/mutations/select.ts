// Which mutations to run for an episode: candidates on the path to the final output, one per kind
// at most, picked deterministically from a seed; and applying one to the cells.
import type { CodeCell, Program } from '../python/program.js';
import { backwardSlice } from '../python/program.js';
import { mutationsIn, type MutationContext } from './operators.js';
import { MUTATION_KINDS, type Mutation } from './types.js';

const NOT_MUTATED = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'function_definition', 'class_definition', 'decorated_definition']);

/** A small deterministic PRNG (mulberry32), so the same seed picks the same mutants. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every mutation on statements that lead to the final output (the final statement itself only with `includeFinal`). */
export function mutationCandidates(program: Program, finalStatementId: number, ctx: MutationContext, includeFinal = false): Mutation[] {
  const slice = backwardSlice(program, [finalStatementId]).filter((s) => (includeFinal || s.id !== finalStatementId) && !NOT_MUTATED.has(s.type));
  return slice.flatMap((s) => mutationsIn(s, ctx));
}

/** Candidates grouped by the place they rewrite: wrong_column and wrong_join_key offer one per replacement there. */
function places(candidates: readonly Mutation[]): Mutation[][] {
  const out = new Map<string, Mutation[]>();
  for (const c of candidates) {
    const key = `${c.kind}:${c.cellIndex}:${c.start}:${c.end}`;
    const place = out.get(key);
    if (place) place.push(c);
    else out.set(key, [c]);
  }
  return [...out.values()];
}

/**
 * Up to `count` mutations chosen by `seed`: one per kind first (diversity), then more of the kinds
 * that have other places to mutate. A place is picked first and then one of its rewrites, so a
 * place offering several (a column swapped for any of the frame's others) is not picked more often,
 * and which rewrite it gets comes from the seed. A place with one rewrite draws nothing more, so
 * the picks are the ones an episode had before places could offer several.
 */
export function pickMutations(candidates: readonly Mutation[], count: number, seed: number): Mutation[] {
  const random = rng(seed);
  const all = places(candidates);
  const kinds = [...MUTATION_KINDS].filter((k) => candidates.some((c) => c.kind === k));
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j] as (typeof kinds)[number], kinds[i] as (typeof kinds)[number]];
  }
  const one = (place: Mutation[]) => (place.length === 1 ? place[0] : place[Math.floor(random() * place.length)]) as Mutation;
  const out: Mutation[] = [];
  const taken = new Set<Mutation[]>();
  for (const kind of kinds.slice(0, count)) {
    const of = all.filter((p) => p[0]?.kind === kind);
    const place = of[Math.floor(random() * of.length)] as Mutation[];
    taken.add(place);
    out.push(one(place));
  }
  const rest = all.filter((p) => !taken.has(p));
  while (out.length < count && rest.length > 0) out.push(one(rest.splice(Math.floor(random() * rest.length), 1)[0] as Mutation[]));
  return out;
}

/** The cells with one mutation applied. */
export function applyMutation(cells: readonly CodeCell[], mutation: Mutation): CodeCell[] {
  return cells.map((c) =>
    c.cellIndex === mutation.cellIndex ? { cellIndex: c.cellIndex, source: c.source.slice(0, mutation.start) + mutation.after + c.source.slice(mutation.end) } : c,
  );
}

/** Every name bound anywhere in the program (fit_on_test only swaps in names that exist). */
export function boundNames(program: Program): Set<string> {
  return new Set(program.statements.flatMap((s) => [...s.use.writes]));
}
