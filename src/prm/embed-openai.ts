// Embeddings from any OpenAI-compatible server (`POST /v1/embeddings`). The SDK retries 429 and 5xx
// with back-off; a refused key or a missing model stops the run (nothing can embed), a refused input
// fails only the texts it concerns.
import OpenAI from 'openai';
import { EmbeddingInputError, UsageError, UnavailableError } from '../errors.js';
import type { EmbeddingProvider } from './embeddings.js';

export interface OpenAiEmbedOptions {
  apiKey?: string;
  baseUrl?: string;
  model: string;
  /** requested vector size (text-embedding-3 models can shorten their vectors); the model's own when absent */
  dimensions?: number;
  timeoutMs?: number;
  maxRetries?: number;
}

/** The model name as stored: a shortened text-embedding-3 vector is a different embedding. */
export function openAiModelKey(model: string, dimensions?: number): string {
  return dimensions ? `${model}@${dimensions}` : model;
}

/** Ask the server once for the vector size, then embed in batches. */
export async function openAiProvider(options: OpenAiEmbedOptions): Promise<EmbeddingProvider> {
  if (!options.apiKey && !options.baseUrl) {
    throw new UsageError('--embed openai needs OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than api.openai.com)');
  }
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'unused',
    baseURL: options.baseUrl,
    timeout: options.timeoutMs ?? 60_000,
    maxRetries: options.maxRetries ?? 4,
  });
  const call = async (texts: readonly string[]): Promise<Float32Array[]> => {
    try {
      const response = await client.embeddings.create({
        model: options.model,
        input: texts as string[],
        encoding_format: 'float',
        ...(options.dimensions ? { dimensions: options.dimensions } : {}),
      });
      const data = [...response.data].sort((a, b) => a.index - b.index);
      if (data.length !== texts.length) {
        throw new UnavailableError('embeddings', `the embeddings server returned ${data.length} vectors for ${texts.length} texts`);
      }
      return data.map((d) => Float32Array.from(d.embedding));
    } catch (error) {
      if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
        throw new UsageError(`the embeddings server refused the API key (HTTP ${error.status}); check OPENAI_API_KEY`, { cause: error });
      }
      if (error instanceof OpenAI.NotFoundError) {
        throw new UsageError(`the embeddings server has no model "${options.model}" (HTTP 404); pick one with --embed-model`, { cause: error });
      }
      if (error instanceof OpenAI.BadRequestError || error instanceof OpenAI.UnprocessableEntityError) {
        throw new EmbeddingInputError(`the embeddings server refused the input: ${error.message}`, { cause: error });
      }
      if (error instanceof OpenAI.APIError) {
        throw new UnavailableError('embeddings', `embeddings request failed after retries: ${error.message}`, { cause: error });
      }
      throw error;
    }
  };
  const [probe] = await call(['dimension probe']);
  const dim = probe?.length ?? 0;
  if (dim === 0) throw new UnavailableError('embeddings', 'the embeddings server returned an empty vector');
  return {
    spec: { provider: 'openai', model: openAiModelKey(options.model, options.dimensions), dim },
    cacheable: true,
    pairwise: false,
    embed: (texts) => call(texts),
  };
}
