// Embedding providers behind one interface, and the corpus cache in front of them. `hashing` runs
// offline and is recomputed every time (cheaper than reading vectors back); `openai` calls an
// embeddings endpoint on any OpenAI-compatible server and stores every vector in the corpus
// `embeddings` table, keyed by provider, model and the text's sha256, so a text is sent once.
import { createHash } from 'node:crypto';
import { EmbeddingInputError, UsageError } from '../errors.js';
import { hashingEmbed, HASHING_VERSION, PAIR_SEPARATOR, type TextKind } from './embed-hashing.js';

export type { TextKind } from './embed-hashing.js';
export const EMBED_PROVIDERS = ['hashing', 'openai'] as const;
export type EmbedProviderName = (typeof EMBED_PROVIDERS)[number];

/** What a saved model records about its inputs, so scoring embeds texts the same way. */
export interface EmbedSpec {
  provider: EmbedProviderName;
  model: string;
  dim: number;
}

export interface EmbeddingProvider {
  readonly spec: EmbedSpec;
  /** vectors worth storing in the corpus (they cost a request) */
  readonly cacheable: boolean;
  /** steps are embedded together with their prompt (stepKey joins them) */
  readonly pairwise: boolean;
  embed(texts: readonly string[], kind: TextKind): Promise<Float32Array[]>;
}

export interface EmbeddingCache {
  get(spec: EmbedSpec, shas: readonly string[]): Promise<Map<string, Float32Array>>;
  put(spec: EmbedSpec, entries: readonly { sha: string; vector: Float32Array }[]): Promise<void>;
}

/** The text a step is embedded (and looked up) as: with its prompt for pairwise providers. */
export function stepKey(pairwise: boolean, prompt: string, step: string): string {
  return pairwise ? `${prompt}${PAIR_SEPARATOR}${step}` : step;
}

export function textSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function hashingProvider(dim: number): EmbeddingProvider {
  if (!Number.isInteger(dim) || dim < 8) throw new UsageError(`--embed-dim must be an integer >= 8, got ${dim}`);
  return {
    spec: { provider: 'hashing', model: HASHING_VERSION, dim },
    cacheable: false,
    pairwise: true,
    embed: async (texts, kind) => texts.map((t) => hashingEmbed(t, kind, dim)),
  };
}

export interface EmbedProgress {
  (done: number, total: number): void;
}

/**
 * Embed texts (deduplicated), reading and filling the cache for cacheable providers. Returns one
 * vector per distinct text. Texts the provider refused are listed in `failed` with the reason.
 */
export async function embedAll(
  provider: EmbeddingProvider,
  texts: readonly string[],
  kind: TextKind,
  options: { cache?: EmbeddingCache; batchSize?: number; onProgress?: EmbedProgress } = {},
): Promise<{ vectors: Map<string, Float32Array>; cached: number; computed: number; failed: Map<string, string> }> {
  const distinct = [...new Set(texts)];
  const vectors = new Map<string, Float32Array>();
  const failed = new Map<string, string>();
  let cached = 0;
  let pending = distinct;
  if (provider.cacheable && options.cache) {
    const shas = distinct.map(textSha256);
    const hits = await options.cache.get(provider.spec, shas);
    pending = [];
    distinct.forEach((text, i) => {
      const hit = hits.get(shas[i] as string);
      if (hit && hit.length === provider.spec.dim) {
        vectors.set(text, hit);
        cached += 1;
      } else pending.push(text);
    });
  }
  const batchSize = options.batchSize ?? (provider.cacheable ? 64 : 2048);
  let computed = 0;
  for (let start = 0; start < pending.length; start += batchSize) {
    const batch = pending.slice(start, start + batchSize);
    const results = await embedBatch(provider, batch, kind, failed);
    const fresh: { sha: string; vector: Float32Array }[] = [];
    batch.forEach((text, i) => {
      const vector = results[i];
      if (!vector) return;
      vectors.set(text, vector);
      fresh.push({ sha: textSha256(text), vector });
    });
    computed += fresh.length;
    // Stored batch by batch: an interrupted run keeps what it already paid for.
    if (provider.cacheable && options.cache && fresh.length) await options.cache.put(provider.spec, fresh);
    options.onProgress?.(cached + computed + failed.size, distinct.length);
  }
  return { vectors, cached, computed, failed };
}

/** One request; when the server refuses the batch as a bad request, find the texts it refuses. */
async function embedBatch(
  provider: EmbeddingProvider,
  batch: readonly string[],
  kind: TextKind,
  failed: Map<string, string>,
): Promise<(Float32Array | undefined)[]> {
  try {
    return await provider.embed(batch, kind);
  } catch (error) {
    if (!(error instanceof EmbeddingInputError)) throw error;
    if (batch.length === 1) {
      failed.set(batch[0] as string, error.message);
      return [undefined];
    }
    const out: (Float32Array | undefined)[] = [];
    for (const text of batch) out.push(...(await embedBatch(provider, [text], kind, failed)));
    return out;
  }
}
