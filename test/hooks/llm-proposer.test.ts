// The LLM proposer end to end against a real OpenAI-compatible HTTP server started by the test.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { corpusLlmCache } from '../../corpus/llm-cache.js';
import { loadPythonParser, type PythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram, type CodeCell } from '../../extractors/python/program.js';
import { parseScript } from '../../extractors/script.js';
import { LlmError } from '../../src/errors.js';
import { proposeWithLlm } from '../../src/hooks/llm-proposer.js';
import { LlmClient } from '../../src/llm/client.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/openai-server.js';
import { withCorpus } from '../helpers/tmp.js';

let parser: PythonParser;
let server: FakeOpenAI | undefined;
beforeAll(async () => {
  parser = await loadPythonParser();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CELLS: CodeCell[] = parseScript(readFileSync(new URL('../fixtures/hooks/lemonade-mini.py', import.meta.url), 'utf8'))
  .cells.filter((c) => c.type === 'code')
  .map((c) => ({ cellIndex: c.index, source: c.source }));
// cell 0 line 4: df = pd.DataFrame(...); cell 1 line 4: model = LinearRegression(); cell 1 line 5: model.fit(...); cell 2 line 1: preds = ...
const GOOD = JSON.stringify({
  hooks: [
    { cell: 0, line: 4, variable: 'df', name: 'sales_table', depends_on: [] },
    { cell: 1, line: 5, variable: 'model', name: 'fitted_model', depends_on: ['sales_table'] },
    { cell: 2, line: 1, variable: 'preds', name: 'predictions', depends_on: ['fitted_model', 'sales_table'] },
  ],
  final_depends_on: ['predictions'],
});

function client(baseURL: string, extra: Partial<ConstructorParameters<typeof LlmClient>[0]> = {}) {
  return new LlmClient({ apiKey: 'sk-test-secret-123456', baseURL, model: 'test-model', timeoutMs: 5_000, maxRetries: 2, ...extra });
}

describe('proposeWithLlm', () => {
  it('turns a good answer into hooks, with token accounting and the prompt version', async () => {
    server = await startFakeOpenAI([{ content: GOOD, usage: { prompt_tokens: 1234, completion_tokens: 56 } }]);
    const program = analyzeProgram(parser, CELLS);
    const result = await proposeWithLlm(client(server.baseURL), program, CELLS);
    expect(result.proposal.rejected).toEqual([]);
    expect(result.proposal.hooks.map((h) => [h.name, h.variable, h.cellIndex, h.dependsOn])).toEqual([
      ['sales_table', 'df', 0, []],
      ['fitted_model', 'model', 1, ['sales_table']],
      ['predictions', 'preds', 2, ['fitted_model', 'sales_table']],
      ['output:file', null, 2, ['predictions']],
    ]);
    expect(result).toMatchObject({ tokensIn: 1234, tokensOut: 56, promptVersion: 'propose-hooks.v1', model: 'test-model', requests: 1 });
    const request = server.requests[0];
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer sk-test-secret-123456');
    expect(request?.body.model).toBe('test-model');
    expect(request?.body.messages?.[1]?.content).toContain('### cell 1\n  1 | df[\'temp\']');
    expect(request?.body.response_format).toMatchObject({ type: 'json_schema' });
  });

  it('asks again once when the answer is not JSON, and reports it when it never is', async () => {
    server = await startFakeOpenAI([{ content: 'Sure! Here are the hooks: df, model' }, { content: '{"hooks": [' }]);
    const program = analyzeProgram(parser, CELLS);
    const result = await proposeWithLlm(client(server.baseURL), program, CELLS);
    expect(server.requests).toHaveLength(2);
    expect(result.proposal.hooks).toEqual([]);
    expect(result.proposal.rejected[0]?.reason).toMatch(/not valid JSON/);
  });

  it('accepts a JSON answer in a code fence after a first invalid one', async () => {
    server = await startFakeOpenAI([{ content: 'not json' }, { content: '```json\n' + GOOD + '\n```' }]);
    const result = await proposeWithLlm(client(server.baseURL), analyzeProgram(parser, CELLS), CELLS);
    expect(result.proposal.hooks).toHaveLength(4);
    expect(result.requests).toBe(2);
  });

  it('rejects hallucinated lines, variables, duplicates and unknown dependencies, each with a reason', async () => {
    const answer = {
      hooks: [
        { cell: 0, line: 4, variable: 'df', name: 'sales', depends_on: [] },
        { cell: 0, line: 40, variable: 'df', name: 'past_the_end', depends_on: [] },
        { cell: 7, line: 1, variable: 'x', name: 'no_such_cell', depends_on: [] },
        { cell: 0, line: 1, variable: 'pd', name: 'the_import', depends_on: [] },
        { cell: 1, line: 4, variable: 'forest', name: 'wrong_variable', depends_on: [] },
        { cell: 1, line: 4, variable: 'model', name: 'sales', depends_on: [] },
        { cell: 2, line: 1, variable: 'preds', name: 'predictions', depends_on: ['ghost_hook'] },
        { cell: 1, line: 4, variable: "model; import os; os.system('rm -rf /')", name: 'injection', depends_on: [] },
      ],
      final_depends_on: ['ghost'],
    };
    server = await startFakeOpenAI([{ content: JSON.stringify(answer) }]);
    const result = await proposeWithLlm(client(server.baseURL), analyzeProgram(parser, CELLS), CELLS);
    expect(result.proposal.hooks.map((h) => h.name)).toEqual(['sales', 'output:file']);
    const reasons = result.proposal.rejected.map((r) => r.reason);
    expect(reasons).toEqual([
      'line 40 is not in cell 0 (it has 5 lines)',
      'there is no code cell 7',
      'cell 0 line 1 is an import or a definition, not a value',
      '`forest` is not assigned or modified by the statement at cell 1 line 4',
      'duplicate hook name "sales"',
      "`model; import os; os.system('rm -rf /')` is not assigned or modified by the statement at cell 1 line 4",
      'unknown or later dependencies: ghost_hook',
    ]);
    // final_depends_on named no known hook: taken from the def-use graph instead
    expect(result.proposal.hooks.at(-1)?.dependsOn).toEqual(['sales']);
  });

  it('retries a 429 with back-off and then succeeds', async () => {
    server = await startFakeOpenAI([
      { status: 429, raw: '{"error":{"message":"Rate limit reached","type":"rate_limit"}}', headers: { 'retry-after-ms': '50' } },
      { content: GOOD },
    ]);
    const result = await proposeWithLlm(client(server.baseURL), analyzeProgram(parser, CELLS), CELLS);
    expect(server.requests).toHaveLength(2);
    expect(result.proposal.hooks).toHaveLength(4);
  });

  it('gives up after a timeout with an error that names the cause and not the key', async () => {
    server = await startFakeOpenAI([], { content: GOOD, delayMs: 3_000 });
    const llm = client(server.baseURL, { timeoutMs: 300, maxRetries: 1 });
    const error = await proposeWithLlm(llm, analyzeProgram(parser, CELLS), CELLS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as Error).message).toMatch(/timed out/i);
    expect((error as Error).message).not.toContain('sk-test-secret-123456');
    expect(server.requests).toHaveLength(2);
  });

  it('caches answers by (prompt version, code, model): the second proposal sends no request', async () => {
    server = await startFakeOpenAI([{ content: GOOD }]);
    await withCorpus(async (corpus) => {
      const llm = client(server!.baseURL, { cache: corpusLlmCache(corpus) });
      const program = analyzeProgram(parser, CELLS);
      const first = await proposeWithLlm(llm, program, CELLS);
      const second = await proposeWithLlm(llm, program, CELLS);
      expect(server!.requests).toHaveLength(1);
      expect(second).toMatchObject({ cached: true, requests: 0, tokensIn: 0 });
      expect(second.proposal.hooks).toEqual(first.proposal.hooks);
      const other = await proposeWithLlm(client(server!.baseURL, { cache: corpusLlmCache(corpus), model: 'other-model' }), program, CELLS).catch((e: unknown) => e);
      expect(other).toBeInstanceOf(LlmError); // a different model is a cache miss: it asked the server (which has no answer left)
      const rows = await corpus.query('SELECT purpose, prompt_version, model, tokens_in FROM llm_cache');
      expect(rows).toEqual([{ purpose: 'propose', prompt_version: 'propose-hooks.v1', model: 'test-model', tokens_in: 100 }]);
    });
  });
});
