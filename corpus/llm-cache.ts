// llm_cache: answers of the OpenAI-compatible server, keyed by (purpose, prompt version, input, model).
import type { Corpus } from './corpus.js';
import { upsertRows } from './upsert.js';

export interface CachedAnswer {
  response: string;
  tokens_in: number | null;
  tokens_out: number | null;
}

export interface LlmCache {
  get(key: string): Promise<CachedAnswer | undefined>;
  put(entry: { cache_key: string; purpose: string; prompt_version: string; model: string; input_sha256: string } & CachedAnswer): Promise<void>;
}

export function corpusLlmCache(corpus: Corpus): LlmCache {
  return {
    async get(key) {
      const rows = await corpus.query<CachedAnswer & Record<string, unknown>>(
        'SELECT response, tokens_in, tokens_out FROM llm_cache WHERE cache_key = $1',
        [key],
      );
      return rows[0];
    },
    async put(entry) {
      await corpus.withSession((s) =>
        upsertRows(s, 'llm_cache', [{ ...entry, created_at: new Date() }], { key: ['cache_key'], update: ['response', 'tokens_in', 'tokens_out', 'created_at'] }),
      );
    },
  };
}
