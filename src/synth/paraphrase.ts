// The optional LLM paraphrase of a template question, through the one LLM client and a versioned
// prompt. The rewrite is only used when it keeps everything the question names verbatim, does not
// contain the answer, and stays one short question; otherwise the template's phrasing stays.
import { loadPrompt, type Prompt } from '../llm/prompts.js';
import type { LlmClient } from '../llm/client.js';
import { answerLeak } from './leak.js';

export const PARAPHRASE_PROMPT = { name: 'paraphrase-question', version: 1 } as const;
const MAX_CHARS = 800;

export const PARAPHRASE_SCHEMA = {
  type: 'object',
  properties: { question: { type: 'string' } },
  required: ['question'],
  additionalProperties: false,
} as const;

/** The rewritten question in an answer, or null when the answer is not that JSON. */
export function parseParaphrase(text: string): string | null {
  const body = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text;
  try {
    const parsed = JSON.parse(body.trim()) as { question?: unknown };
    return typeof parsed.question === 'string' && parsed.question.trim() ? parsed.question.trim() : null;
  } catch {
    return null;
  }
}

/** Why a rewrite cannot replace the question, or null when it can. */
export function paraphraseProblem(original: string, rewrite: string, keep: readonly string[], answer: unknown): string | null {
  if (rewrite.length > MAX_CHARS) return `longer than ${MAX_CHARS} characters`;
  if (rewrite.replace(/\s+/g, ' ').trim() === original.replace(/\s+/g, ' ').trim()) return 'identical to the question';
  const lost = keep.find((k) => !rewrite.includes(k));
  if (lost !== undefined) return `drops "${lost}"`;
  const leak = answerLeak(rewrite, answer);
  if (leak !== null) return `contains the answer (${leak})`;
  return null;
}

export interface ParaphraseResult {
  question: string;
  paraphrased: boolean;
  rejected?: string;
  tokensIn: number;
  tokensOut: number;
  cached: boolean;
}

export class Paraphraser {
  private readonly prompt: Prompt;

  constructor(private readonly client: LlmClient) {
    this.prompt = loadPrompt(PARAPHRASE_PROMPT.name, PARAPHRASE_PROMPT.version);
  }

  get promptId(): string {
    return this.prompt.id;
  }

  async paraphrase(question: string, keep: readonly string[], answer: unknown): Promise<ParaphraseResult> {
    const check = (text: string) => {
      const rewrite = parseParaphrase(text);
      return rewrite === null ? 'not the requested JSON' : paraphraseProblem(question, rewrite, keep, answer);
    };
    const result = await this.client.complete({
      purpose: 'paraphrase',
      prompt: this.prompt,
      variables: { question, keep: keep.length ? keep.map((k) => `- ${k}`).join('\n') : '- (nothing)' },
      jsonSchema: { name: 'paraphrase', schema: PARAPHRASE_SCHEMA as unknown as Record<string, unknown> },
      temperature: 0.7,
      accept: (text) => check(text) === null,
      attempts: 2,
    });
    const base = { tokensIn: result.tokensIn, tokensOut: result.tokensOut, cached: result.cached };
    const problem = check(result.text);
    if (problem !== null) return { ...base, question, paraphrased: false, rejected: problem };
    return { ...base, question: parseParaphrase(result.text) as string, paraphrased: true };
  }
}
