// The LLM proposer: the notebook's code (numbered) and its final output go to the model with the
// versioned prompt; the answer is parsed, validated against the program and turned into hooks.
import { ANSWER_SCHEMA, codeListing, parseHooksAnswer, validateHooksAnswer } from '../../extractors/hooks/llm-answer.js';
import type { Proposal } from '../../extractors/hooks/types.js';
import { findFinalOutput } from '../../extractors/python/final-output.js';
import { backwardSlice, type CodeCell, type Program } from '../../extractors/python/program.js';
import type { LlmClient } from '../llm/client.js';
import { loadPrompt } from '../llm/prompts.js';

export const PROPOSE_PROMPT = { name: 'propose-hooks', version: 1 } as const;
/** Listings longer than this keep only the cells on the path to the final output. */
const MAX_LISTING_CHARS = 120_000;

export interface LlmProposal {
  proposal: Proposal;
  model: string;
  promptVersion: string;
  tokensIn: number;
  tokensOut: number;
  cached: boolean;
  requests: number;
}

export async function proposeWithLlm(client: LlmClient, program: Program, cells: readonly CodeCell[]): Promise<LlmProposal> {
  const prompt = loadPrompt(PROPOSE_PROMPT.name, PROPOSE_PROMPT.version);
  const base = { model: client.model, promptVersion: prompt.id, tokensIn: 0, tokensOut: 0, cached: false, requests: 0 };
  const final = findFinalOutput(program);
  if (!final) return { ...base, proposal: { proposer: 'llm', hooks: [], final: null, rejected: [{ item: null, reason: 'no final output found' }] } };
  let listed: readonly CodeCell[] = cells;
  if (codeListing(cells).length > MAX_LISTING_CHARS) {
    const onPath = new Set(backwardSlice(program, [final.statement.id]).map((s) => s.cellIndex));
    listed = cells.filter((c) => onPath.has(c.cellIndex));
  }
  const answer = await client.complete({
    purpose: 'propose',
    prompt,
    variables: {
      code: codeListing(listed),
      final: `cell ${final.statement.cellIndex}, line ${final.statement.startRow + 1}: ${final.statement.text.trim().slice(0, 500)}`,
    },
    jsonSchema: { name: 'hook_proposal', schema: ANSWER_SCHEMA as unknown as Record<string, unknown> },
    accept: (text) => parseHooksAnswer(text).ok,
    attempts: 2,
  });
  const stats = { ...base, tokensIn: answer.tokensIn, tokensOut: answer.tokensOut, cached: answer.cached, requests: answer.requests };
  const parsed = parseHooksAnswer(answer.text);
  if (!parsed.ok) {
    return { ...stats, proposal: { proposer: 'llm', hooks: [], final: null, rejected: [{ item: answer.text.slice(0, 500), reason: parsed.reason }] } };
  }
  return { ...stats, proposal: validateHooksAnswer(program, cells, parsed.answer) };
}
