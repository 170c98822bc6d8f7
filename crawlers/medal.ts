// Notebook medal tiers. The API exposes no medal: Kaggle awards notebook medals at 5 / 20 / 50
// upvotes (bronze / silver / gold) but does not count self-votes or votes from novices, so a tier
// from `totalVotes` is only a proxy (medal_source 'votes-proxy'). Meta Kaggle's Kernels.Medal is the
// real one (medal_source 'meta-kaggle'): 1 gold, 2 silver, 3 bronze.
export type Medal = 'gold' | 'silver' | 'bronze';
export const MEDALS: readonly Medal[] = ['bronze', 'silver', 'gold'];
export const MEDAL_VOTES: Record<Medal, number> = { bronze: 5, silver: 20, gold: 50 };

export function medalFromVotes(votes: number | null | undefined): Medal | null {
  if (votes === null || votes === undefined || !Number.isFinite(votes)) return null;
  if (votes >= MEDAL_VOTES.gold) return 'gold';
  if (votes >= MEDAL_VOTES.silver) return 'silver';
  if (votes >= MEDAL_VOTES.bronze) return 'bronze';
  return null;
}

export function medalFromMetaKaggle(code: number | null | undefined): Medal | null {
  return code === 1 ? 'gold' : code === 2 ? 'silver' : code === 3 ? 'bronze' : null;
}

export function medalRank(medal: Medal | null | undefined): number {
  return medal ? MEDALS.indexOf(medal) + 1 : 0;
}

export function meetsMinMedal(medal: Medal | null | undefined, min: Medal): boolean {
  return medalRank(medal) >= medalRank(min);
}

export function isMedal(value: string): value is Medal {
  return (MEDALS as readonly string[]).includes(value);
}

export interface MedalVerdict {
  medal: Medal | null;
  source: 'meta-kaggle' | 'votes-proxy';
  awardDate?: string | null;
}

/**
 * The medal of a listed kernel: Meta Kaggle's when it knows the kernel (its "no medal" counts too),
 * else the votes proxy.
 */
export function kernelMedal(votes: number | null | undefined, meta: { medal: string | null; medal_award_date?: string | null } | undefined): MedalVerdict {
  if (meta) return { medal: meta.medal && isMedal(meta.medal) ? meta.medal : null, source: 'meta-kaggle', awardDate: meta.medal_award_date ?? null };
  return { medal: medalFromVotes(votes), source: 'votes-proxy' };
}
