import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KaggleAuthError, KaggleItemError, KaggleTransientError } from '../../crawlers/http-errors.js';
import { startKaggleServer, type KaggleServer } from '../../src/kaggle-server/index.js';
import { tempDir } from '../helpers/tmp.js';
import { manyKernels, startFixtureServer, testClient, TOKEN } from './helpers.js';

let server: KaggleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('KaggleClient requests', () => {
  it('speaks the RPC protocol: POST /v1/{service}/{Method}, camelCase JSON with enum names, Bearer auth, a User-Agent', async () => {
    server = await startFixtureServer();
    const client = testClient(server);
    const page = await client.listKernels({ competition: 'house-sales', sortBy: 'VOTE_COUNT', page: 1, pageSize: 100 });
    expect(page.kernels?.map((k) => k.ref)).toEqual(['hal/baseline', 'ivy/linear']);
    const [record] = server.log;
    expect(record).toMatchObject({ method: 'POST', path: '/v1/kernels.KernelsApiService/ListKernels', auth: 'bearer', userAgent: 'hookmine-test', status: 200 });
    expect(record?.body).toEqual({ competition: 'house-sales', sortBy: 'VOTE_COUNT', group: 'EVERYONE', language: 'python', kernelType: 'all', outputType: 'all', page: 1, pageSize: 100 });
  });

  it('treats an HTML page as an error, never as data, and retries it a bounded number of times', async () => {
    server = await startFixtureServer({ faults: [{ kind: 'html', method: 'GetCompetition' }] });
    const error = await testClient(server).getCompetition('house-sales').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaggleTransientError);
    expect((error as KaggleTransientError).reason).toBe('html_response');
    expect(server.log).toHaveLength(4); // the first try and 3 retries
  });

  it('treats truncated JSON as an error, and takes the full answer when a retry gets it', async () => {
    server = await startFixtureServer({ faults: [{ kind: 'truncated-json', method: 'GetKernel', times: 1 }] });
    const client = testClient(server);
    const kernel = await client.getKernel('hal', 'baseline');
    expect(kernel.metadata?.ref).toBe('hal/baseline');
    expect(server.log.map((r) => r.fault ?? 'ok')).toEqual(['truncated-json', 'ok']);
    server.faults.add({ kind: 'truncated-json', method: 'GetKernel' });
    await expect(client.getKernel('hal', 'baseline')).rejects.toThrow(/truncated or malformed JSON/);
  });

  it('gives up on an answer slower than the timeout after its retries', async () => {
    server = await startFixtureServer({ faults: [{ kind: 'slow', method: 'GetKernel', delayMs: 400 }] });
    const error = await testClient(server, { timeoutMs: 150, retry: { retries: 1, backoffMs: 5 } })
      .getKernel('hal', 'baseline')
      .catch((e: unknown) => e);
    expect((error as KaggleTransientError).reason).toBe('timeout');
    expect(server.log.filter((r) => r.call === 'GetKernel')).toHaveLength(2);
  });

  it('does not retry 403, 404 or 401, and keeps the server message', async () => {
    server = await startFixtureServer({ faults: [{ kind: 'forbidden', method: 'DownloadDataFiles' }] });
    const client = testClient(server);
    const forbidden = await client.dataDownloadUrl('house-sales').catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(KaggleItemError);
    expect((forbidden as Error).message).toMatch(/HTTP 403.*You must accept this competition's rules/);
    const missing = await client.getKernel('nobody', 'nothing').catch((e: unknown) => e);
    expect(missing).toMatchObject({ reason: 'not_found', httpStatus: 404 });
    expect(server.log).toHaveLength(2);
    await server.close();
    server = await startFixtureServer({ tokens: ['another-token-123'] });
    await expect(testClient(server).getCompetition('house-sales')).rejects.toThrow(KaggleAuthError);
    expect(server.log).toHaveLength(1);
  });

  it('retries a refused connection as a network error', async () => {
    server = await startFixtureServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await testClient({ url }, { retry: { retries: 1, backoffMs: 5 } })
      .getCompetition('x')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'network' });
  });
});

describe('KaggleClient politeness', () => {
  it('sends one request at a time, at least delayMs apart, also across clients with the same credential', async () => {
    server = await startFixtureServer({ faults: [{ kind: 'slow', method: 'GetCompetition', delayMs: 60 }] });
    const a = testClient(server, { delayMs: 120 });
    const b = testClient(server, { delayMs: 120 });
    await Promise.all([a.getCompetition('house-sales'), b.getCompetition('house-sales'), a.getCompetition('tabular-playground'), b.getCompetition('leaf-images')]);
    const times = server.log.map((r) => r.time);
    for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(60 + 120);
  });
});

describe('KaggleClient downloads', () => {
  it('follows the download redirect and fetches the signed URL without the auth header', async () => {
    server = await startFixtureServer();
    const client = testClient(server);
    const url = await client.dataDownloadUrl('house-sales');
    expect(url).toMatch(new RegExp(`^${server.url}/files/data/house-sales\\.zip\\?expires=\\d+&signature=[0-9a-f]{64}$`));
    const dest = join(tempDir(), 'house-sales.zip');
    const result = await client.download(url, dest, 'test');
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(dest)).digest('hex'));
    expect(result.resumedFrom).toBe(0);
    expect(server.log.at(-1)).toMatchObject({ call: 'download', auth: 'none', status: 200 });
  });

  it('resumes a cut download with Range and ends with the whole file', async () => {
    server = await startKaggleServer({ data: manyKernels('big', 1), tokens: [TOKEN] });
    server.data.competitions[0]?.files.push({ name: 'big.csv', content: Buffer.alloc(200_000, 'x') });
    const dest = join(tempDir(), 'big.csv');
    // the cut comes once the client has the first half on disk: an event, not a guess at how long
    // a busy machine takes to read it
    const partHasHalf = async () => {
      while (!(existsSync(`${dest}.part`) && statSync(`${dest}.part`).size >= 100_000)) await new Promise((r) => setTimeout(r, 5));
    };
    server.faults.add({ kind: 'cut-download', method: 'download', file: 'big.csv', times: 1, cutWhen: partHasHalf });
    const client = testClient(server);
    const signed = await client.rpcRedirect('competitions.CompetitionApiService', 'DownloadDataFile', { competitionName: 'big', fileName: 'big.csv' });
    expect(signed.startsWith(`${server.url}/files/data/big/big.csv?`)).toBe(true);
    const result = await client.download(signed, dest, 'big.csv');
    expect(result.bytes).toBe(200_000);
    expect(result.resumedFrom).toBe(100_000);
    const downloads = server.log.filter((r) => r.call === 'download');
    expect(downloads.map((r) => [r.status, r.range])).toEqual([
      [200, undefined],
      [206, 'bytes=100000-'],
    ]);
  });

  it('refuses a file over the size limit, and an expired signed URL is a 403', async () => {
    server = await startFixtureServer({ signedUrlTtlMs: 1 });
    const client = testClient(server);
    const url = await client.dataDownloadUrl('house-sales');
    await new Promise((r) => setTimeout(r, 5));
    await expect(client.download(url, join(tempDir(), 'x.zip'), 'expired')).rejects.toMatchObject({ reason: 'forbidden', httpStatus: 403 });
    await server.close();
    server = await startFixtureServer();
    const fresh = await testClient(server).dataDownloadUrl('house-sales');
    await expect(testClient(server).download(fresh, join(tempDir(), 'x.zip'), 'capped', 10)).rejects.toMatchObject({ reason: 'too_large' });
  });
});
