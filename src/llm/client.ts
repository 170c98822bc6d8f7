// The one client for every LLM feature: the `openai` SDK against any OpenAI-compatible server
// (OPENAI_BASE_URL, OPENAI_API_KEY). The SDK retries 429, 5xx, timeouts and connection errors with
// exponential back-off (honouring Retry-After); answers the caller accepts are cached in the corpus.
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import type { LlmCache } from '../../corpus/llm-cache.js';
import type { Config } from '../config.js';
import { LlmError, errorMessage } from '../errors.js';
import { redact, registerSecret } from '../secrets.js';
import { render, type Prompt } from './prompts.js';

export type LlmPurpose = 'propose' | 'repair' | 'paraphrase' | 'solve';

export interface LlmRequest {
  purpose: LlmPurpose;
  prompt: Prompt;
  variables: Record<string, string>;
  /** a JSON schema for structured output (sent as response_format json_schema) */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  temperature?: number;
  /** answers that fail this are not cached and are asked again, up to `attempts` times */
  accept?: (text: string) => boolean;
  attempts?: number;
}

export interface LlmAnswer {
  text: string;
  tokensIn: number;
  tokensOut: number;
  cached: boolean;
  model: string;
  /** requests sent (0 when cached) */
  requests: number;
  /** every answer received, accepted or not */
  answers: string[];
}

export interface LlmClientOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  cache?: LlmCache;
}

export class LlmClient {
  private readonly client: OpenAI;
  readonly model: string;

  constructor(private readonly options: LlmClientOptions) {
    registerSecret(options.apiKey);
    this.model = options.model;
    this.client = new OpenAI({
      apiKey: options.apiKey ?? 'hookmine-no-key',
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
  }

  cacheKey(request: LlmRequest, userText: string): { key: string; input: string } {
    const input = createHash('sha256').update(`${request.prompt.system}\n\u0000${userText}`).digest('hex');
    const key = createHash('sha256').update([request.purpose, request.prompt.id, this.model, input].join('\n')).digest('hex');
    return { key, input };
  }

  async complete(request: LlmRequest): Promise<LlmAnswer> {
    const user = render(request.prompt.user, request.variables);
    const { key, input } = this.cacheKey(request, user);
    const cached = await this.options.cache?.get(key);
    if (cached) {
      return { text: cached.response, tokensIn: 0, tokensOut: 0, cached: true, model: this.model, requests: 0, answers: [cached.response] };
    }
    const attempts = Math.max(1, request.attempts ?? 1);
    let tokensIn = 0;
    let tokensOut = 0;
    const answers: string[] = [];
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let completion;
      try {
        completion = await this.client.chat.completions.create({
          model: this.model,
          messages: [
            { role: 'system', content: request.prompt.system },
            { role: 'user', content: user },
          ],
          temperature: request.temperature ?? 0,
          ...(request.jsonSchema
            ? { response_format: { type: 'json_schema' as const, json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: false } } }
            : {}),
        });
      } catch (error) {
        throw new LlmError(`${request.purpose}: the LLM server failed: ${redact(errorMessage(error))}`, { cause: error });
      }
      tokensIn += completion.usage?.prompt_tokens ?? 0;
      tokensOut += completion.usage?.completion_tokens ?? 0;
      const text = completion.choices[0]?.message?.content ?? '';
      answers.push(text);
      if (!request.accept || request.accept(text)) {
        await this.options.cache?.put({
          cache_key: key,
          purpose: request.purpose,
          prompt_version: request.prompt.id,
          model: this.model,
          input_sha256: input,
          response: text,
          tokens_in: tokensIn,
          tokens_out: tokensOut,
        });
        return { text, tokensIn, tokensOut, cached: false, model: this.model, requests: attempt, answers };
      }
    }
    return { text: answers.at(-1) ?? '', tokensIn, tokensOut, cached: false, model: this.model, requests: attempts, answers };
  }
}

/** The client when an OpenAI-compatible server is configured (a base URL or a key), else null. */
export function llmFromConfig(config: Config, cache?: LlmCache): LlmClient | null {
  if (!config.openaiBaseUrl && !config.openaiApiKey) return null;
  return new LlmClient({
    apiKey: config.openaiApiKey,
    baseURL: config.openaiBaseUrl,
    model: config.model,
    timeoutMs: config.llmTimeoutMs,
    maxRetries: config.llmMaxRetries,
    cache,
  });
}
