// The optional LLM paraphrase against real local OpenAI-compatible HTTP servers: accepted rewrites
// keep every name and never contain the answer; others leave the template's phrasing in place.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusLlmCache } from '../../corpus/llm-cache.js';
import { LlmClient } from '../../src/llm/client.js';
import { Paraphraser, paraphraseProblem, parseParaphrase } from '../../src/synth/paraphrase.js';
import { runSynth } from '../../src/synth/stage.js';
import { NO_SANDBOX, PYTHON } from '../execute/sandbox-helper.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/openai-server.js';
import { withCorpus } from '../helpers/tmp.js';

const QUESTION = 'What is the average `Age` among rows where `Sex` is "male"?';
const KEEP = ['Age', 'Sex', 'male'];
const ANSWER = { value: 30.726644591611478 };

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const client = (baseURL: string, cache?: ReturnType<typeof corpusLlmCache>) => new LlmClient({ apiKey: 'sk-test-0123456789', baseURL, model: 'test-model', timeoutMs: 5_000, maxRetries: 0, cache });

describe('Paraphraser', () => {
  it('uses a rewrite that keeps every name, with token accounting, and caches it in the corpus', async () => {
    const rewrite = 'For the rows with `Sex` equal to "male", what is the mean `Age`?';
    server = await startFakeOpenAI([{ content: JSON.stringify({ question: rewrite }), usage: { prompt_tokens: 90, completion_tokens: 20 } }]);
    await withCorpus(async (corpus) => {
      const p = new Paraphraser(client(server?.baseURL as string, corpusLlmCache(corpus)));
      expect(await p.paraphrase(QUESTION, KEEP, ANSWER)).toMatchObject({ question: rewrite, paraphrased: true, tokensIn: 90, tokensOut: 20, cached: false });
      expect(server?.requests[0]?.body.messages?.[1]?.content).toContain(QUESTION);
      expect(server?.requests[0]?.body.messages?.[1]?.content).toContain('- male');
      expect(await p.paraphrase(QUESTION, KEEP, ANSWER)).toMatchObject({ question: rewrite, paraphrased: true, cached: true });
      expect(server?.requests).toHaveLength(1);
      expect(await corpus.query('SELECT purpose, prompt_version FROM llm_cache')).toEqual([{ purpose: 'paraphrase', prompt_version: 'paraphrase-question.v1' }]);
    });
  });

  it('asks again when a rewrite drops a name, and keeps the template phrasing when the retry contains the answer', async () => {
    server = await startFakeOpenAI([
      { content: JSON.stringify({ question: 'What is the average age of men?' }) },
      { content: JSON.stringify({ question: 'Is the mean `Age` of rows with `Sex` "male" about 30.73?' }) },
    ]);
    const result = await new Paraphraser(client(server.baseURL)).paraphrase(QUESTION, KEEP, ANSWER);
    expect(server.requests).toHaveLength(2);
    expect(result).toMatchObject({ question: QUESTION, paraphrased: false, rejected: 'contains the answer (30.73)' });
  });

  it('names each reason a rewrite is refused', () => {
    expect(parseParaphrase('Sure: here it is')).toBeNull();
    expect(parseParaphrase('```json\n{"question": "ok?"}\n```')).toBe('ok?');
    expect(paraphraseProblem(QUESTION, 'What is the mean `Age` of `Sex` "male"?', KEEP, ANSWER)).toBeNull();
    expect(paraphraseProblem(QUESTION, QUESTION, KEEP, ANSWER)).toBe('identical to the question');
    expect(paraphraseProblem(QUESTION, 'Mean age of men?', KEEP, ANSWER)).toBe('drops "Age"');
    expect(paraphraseProblem(QUESTION, `${'x'.repeat(900)} \`Age\` \`Sex\` male`, KEEP, ANSWER)).toMatch(/longer than/);
  });
});

/** A server that rewrites whatever question it is sent ("Tell me: <question>"). */
async function echoServer(): Promise<{ baseURL: string; close: () => Promise<void>; count: () => number }> {
  let count = 0;
  const srv: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count += 1;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages: { content: string }[] };
      const question = /Question:\n([\s\S]*?)\n\nKeep each/.exec(body.messages[1]?.content ?? '')?.[1] ?? '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify({ question: `Tell me: ${question}` }) } }], usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 } }));
    });
  });
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  return { baseURL: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/v1`, count: () => count, close: () => new Promise((ok) => srv.close(() => ok())) };
}

describe.skipIf(NO_SANDBOX)(`hookmine synth with paraphrases${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  it('stores the paraphrased questions', async () => {
    const echo = await echoServer();
    try {
      await withCorpus(async (corpus) => {
        const data = fileURLToPath(new URL('../fixtures/synth/data', import.meta.url));
        const summary = await runSynth(corpus, {
          inputs: [join(data, 'shop/orders.csv')], dataRoot: data, templates: ['groupby'], perCsv: 4, seed: 0, jobs: 2, timeoutMs: 60_000, memoryMb: 2048, python: PYTHON,
          paraphraser: new Paraphraser(client(echo.baseURL, corpusLlmCache(corpus))),
        });
        expect(summary.stored).toBeGreaterThan(0);
        expect(summary.paraphrased).toBe(summary.stored);
        expect(summary.llmTokensIn).toBe(50 * echo.count());
        const rows = await corpus.query<{ question: string }>('SELECT question FROM episodes');
        for (const r of rows) expect(r.question).toMatch(/^Tell me: /);
      });
    } finally {
      await echo.close();
    }
  }, 120_000);
});
