import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { embedAll, hashingProvider, textSha256 } from '../../src/prm/embeddings.js';
import { openAiProvider } from '../../src/prm/embed-openai.js';
import { corpusEmbeddingCache } from '../../src/prm/vectors.js';
import { join } from 'node:path';
import { runTraining } from '../../src/prm/run-train.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';
import { writeFixtureCorpus } from './fixture/corpus.js';
import { tinySettings } from './helpers.js';

// A real local HTTP server speaking the OpenAI embeddings API: vectors derived from the text, a
// request log, and texts containing "REFUSE" answered with HTTP 400 as a server refuses bad input.
interface Request {
  auth: string | undefined;
  model: string;
  input: string[];
}

function embeddingServer(dim: number) {
  const requests: Request[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const payload = JSON.parse(body) as { model: string; input: string[]; dimensions?: number };
      requests.push({ auth: req.headers.authorization, model: payload.model, input: payload.input });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url !== '/v1/embeddings') return send(404, { error: { message: 'not found' } });
      if (req.headers.authorization !== 'Bearer test-key') return send(401, { error: { message: 'bad key' } });
      if (payload.model !== 'tiny-embed') return send(404, { error: { message: `model ${payload.model} not found` } });
      if (payload.input.some((t) => t.includes('REFUSE'))) return send(400, { error: { message: 'input too long' } });
      const size = payload.dimensions ?? dim;
      send(200, {
        object: 'list',
        model: payload.model,
        data: payload.input.map((t, index) => ({ object: 'embedding', index, embedding: Array.from({ length: size }, (_, i) => ((t.charCodeAt(i % t.length) * (i + 1)) % 97) / 97) })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    });
  });
  return { server, requests };
}

describe('the openai embedding provider against an OpenAI-compatible server', () => {
  const { server, requests } = embeddingServer(8);
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('embeds texts, and a second run reads every vector from the corpus cache without a request', async () => {
    await withCorpus(async (corpus) => {
      const provider = await openAiProvider({ apiKey: 'test-key', baseUrl, model: 'tiny-embed', maxRetries: 0 });
      expect(provider.spec).toEqual({ provider: 'openai', model: 'tiny-embed', dim: 8 });
      const texts = ['# step: a\nx = 1\n# value: 1', '# step: b\ny = 2\n# value: 2', '# step: a\nx = 1\n# value: 1'];
      requests.length = 0;
      const first = await embedAll(provider, texts, 'step', { cache: corpusEmbeddingCache(corpus) });
      expect(first).toMatchObject({ cached: 0, computed: 2 });
      expect(requests.map((r) => r.input.length)).toEqual([2]);
      expect(requests[0]?.auth).toBe('Bearer test-key');
      const rows = await corpus.query<{ n: number; dim: number }>(`SELECT count(*)::INT AS n, max(dim) AS dim FROM embeddings WHERE provider = 'openai' AND model = 'tiny-embed'`);
      expect(rows).toEqual([{ n: 2, dim: 8 }]);
      requests.length = 0;
      const second = await embedAll(provider, texts, 'step', { cache: corpusEmbeddingCache(corpus) });
      expect(second).toMatchObject({ cached: 2, computed: 0 });
      expect(requests).toEqual([]);
      for (const t of texts) expect(Array.from(second.vectors.get(t)!)).toEqual(Array.from(first.vectors.get(t)!));
    });
  });

  it('a refused text fails alone, with the server\'s reason; the others embed', async () => {
    const provider = await openAiProvider({ apiKey: 'test-key', baseUrl, model: 'tiny-embed', maxRetries: 0 });
    const result = await embedAll(provider, ['fine one', 'REFUSE me', 'fine two'], 'step');
    expect([...result.vectors.keys()].sort()).toEqual(['fine one', 'fine two']);
    expect([...result.failed.keys()]).toEqual(['REFUSE me']);
    expect(result.failed.get('REFUSE me')).toMatch(/refused the input.*input too long/);
  });

  it('a wrong key or an unknown model is a usage error that says what to fix', async () => {
    await expect(openAiProvider({ apiKey: 'wrong', baseUrl, model: 'tiny-embed', maxRetries: 0 })).rejects.toThrow(/refused the API key.*OPENAI_API_KEY/);
    await expect(openAiProvider({ apiKey: 'test-key', baseUrl, model: 'nope', maxRetries: 0 })).rejects.toThrow(UsageError);
    await expect(openAiProvider({ apiKey: 'test-key', baseUrl, model: 'nope', maxRetries: 0 })).rejects.toThrow(/no model "nope"/);
  });

  it('hookmine train --embed openai trains on server vectors and caches every text in the corpus', async () => {
    await withCorpus(async (corpus) => {
      await writeFixtureCorpus(corpus, { datasets: 9, questionsPerDataset: 2 });
      requests.length = 0;
      const out = join(tempDir(), 'run');
      const options = {
        out,
        settings: tinySettings({ epochs: 1 }),
        backend: 'auto' as const,
        embed: 'openai' as const,
        embedModel: 'tiny-embed',
        openaiApiKey: 'test-key',
        openaiBaseUrl: baseUrl,
        version: 'test',
      };
      const summary = await runTraining(corpus, options);
      expect(summary.status).toBe('ok');
      expect(summary.embed).toBe('openai:tiny-embed');
      const sent = requests.reduce((n, r) => n + r.input.length, 0);
      const [{ n } = { n: 0 }] = await corpus.query<{ n: number }>(`SELECT count(*)::INT AS n FROM embeddings WHERE model = 'tiny-embed'`);
      expect(n).toBeGreaterThan(50);
      expect(sent).toBe(n + 1); // every text once, plus the dimension probe
      requests.length = 0;
      await runTraining(corpus, { ...options, fresh: true });
      expect(requests.reduce((k, r) => k + r.input.length, 0)).toBe(1);
    });
  });

  it('stores shortened vectors under their own model name', async () => {
    const provider = await openAiProvider({ apiKey: 'test-key', baseUrl, model: 'tiny-embed', dimensions: 4, maxRetries: 0 });
    expect(provider.spec).toEqual({ provider: 'openai', model: 'tiny-embed@4', dim: 4 });
  });
});

describe('the hashing provider', () => {
  it('is not cached: it is recomputed offline, the same every time', async () => {
    await withCorpus(async (corpus) => {
      const provider = hashingProvider(64);
      const result = await embedAll(provider, ['# step: a\nx = 1'], 'step', { cache: corpusEmbeddingCache(corpus) });
      expect(result.computed).toBe(1);
      expect(await corpus.query('SELECT * FROM embeddings')).toEqual([]);
      expect(textSha256('x')).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('refuses a vector size that is not a usable integer', () => {
    expect(() => hashingProvider(3)).toThrow(/--embed-dim/);
  });
});
