import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFolder, startKaggleServer, type KaggleServer } from '../../src/kaggle-server/index.js';
import { manyKernels, startFixtureServer, TOKEN } from './helpers.js';

let server: KaggleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const res = await fetch(`${(server as KaggleServer).url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as Record<string, unknown>, headers: res.headers, text };
}

const KERNELS = '/v1/kernels.KernelsApiService/ListKernels';

describe('Kaggle-compatible server', () => {
  it('requires credentials on every RPC and answers in the RPC error shape', async () => {
    server = await startFixtureServer();
    expect(await post(KERNELS, {}, {})).toMatchObject({ status: 401, json: { error: { code: 401, status: 'UNAUTHENTICATED' } } });
    expect((await post(KERNELS, {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post('/v1/kernels.KernelsApiService/DeleteKernel', {})).status).toBe(404);
    expect((await fetch(`${server.url}${KERNELS}`)).status).toBe(405);
    const bad = await fetch(`${server.url}${KERNELS}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: '{not json' });
    expect(bad.status).toBe(400);
  });

  it('pages by number and by token, clamps pageSize to 100, and caps the listing', async () => {
    server = await startKaggleServer({ data: manyKernels('big', 250), tokens: [TOKEN], kernelListCap: 150 });
    const first = await post(KERNELS, { competition: 'big', sortBy: 'VOTE_COUNT', page: 1, pageSize: 500 });
    const kernels = first.json.kernels as { ref: string; totalVotes: number }[];
    expect(kernels).toHaveLength(100);
    expect(kernels[0]).toEqual({ ref: 'user000/kernel-0', title: 'kernel-0', author: 'user000', lastRunTime: '2024-01-01T00:00:00.000Z', totalVotes: 250 });
    const byToken = await post(KERNELS, { competition: 'big', sortBy: 'VOTE_COUNT', pageToken: first.json.nextPageToken, pageSize: 100 });
    const byNumber = await post(KERNELS, { competition: 'big', sortBy: 'VOTE_COUNT', page: 2, pageSize: 100 });
    expect(byToken.json.kernels).toEqual(byNumber.json.kernels);
    expect(byNumber.json.kernels).toHaveLength(50); // the cap
    expect(byNumber.json.nextPageToken).toBeUndefined();
    expect((await post(KERNELS, { competition: 'big', sortBy: 'VOTE_COUNT', page: 3, pageSize: 100 })).json).toEqual({});
    expect((await post(KERNELS, { page: 0 })).status).toBe(400);
    expect((await post(KERNELS, { pageToken: 'garbage' })).status).toBe(400);
    expect((await post(KERNELS, { sortBy: 'voteCount' })).json).toMatchObject({ error: { message: 'Unrecognized KernelsListSortType enum value: voteCount' } });
  });

  it('serves files from signed URLs only: with Range, without an Authorization header, before expiry', async () => {
    server = await startFixtureServer();
    const redirect = await fetch(`${server.url}/v1/competitions.CompetitionApiService/DownloadDataFile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ competitionName: 'house-sales', fileName: 'train.csv' }),
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    const url = redirect.headers.get('location') as string;
    const whole = await fetch(url);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const body = Buffer.from(await whole.arrayBuffer());
    const part = await fetch(url, { headers: { range: 'bytes=10-' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-${body.length - 1}/${body.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(body.subarray(10));
    const past = await fetch(url, { headers: { range: `bytes=${body.length}-` } });
    expect([past.status, past.headers.get('content-range')]).toEqual([416, `bytes */${body.length}`]);
    expect((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
    // a tampered signature: its first digit changed (always to a different one)
    expect((await fetch(url.replace(/signature=([0-9a-f])/, (_m, c: string) => `signature=${c === '0' ? '1' : '0'}`))).status).toBe(403);
  });

  it('answers the forbidden fault in the legacy error shape Kaggle uses for rules not accepted', async () => {
    server = await startFixtureServer({ faults: [{ kind: 'forbidden', method: 'DownloadDataFiles', competition: 'house-sales' }] });
    const r = await post('/v1/competitions.CompetitionApiService/DownloadDataFiles', { competitionName: 'house-sales' });
    expect(r).toMatchObject({ status: 403, json: { code: 403, message: expect.stringMatching(/accept this competition's rules/) } });
    expect((await post('/v1/competitions.CompetitionApiService/DownloadDataFiles', { competitionName: 'tabular-playground' })).status).toBe(302);
  });
});

describe('loadFolder', () => {
  it('reads the sample competition layout with its side files (votes, competition metadata, recorded outputs)', () => {
    const data = loadFolder(fileURLToPath(new URL('../../samples/demo', import.meta.url)));
    expect(data.competitions.map((c) => [c.slug, c.category, c.tags, c.files.map((f) => f.name)])).toEqual([
      ['lemonade-stand', 'HOST_SEGMENT_PLAYGROUND', ['Tabular', 'Regression'], ['sample_submission.csv', 'test.csv', 'train.csv']],
    ]);
    const refs = data.kernels.map((k) => [k.ref, k.kernelType, k.language, k.totalVotes]);
    expect(refs).toContainEqual(['alice/lemonade-baseline', 'notebook', 'python', 64]);
    expect(refs).toContainEqual(['erin/lemonade-eda', 'script', 'python', 30]);
    expect(data.kernels).toHaveLength(7);
    expect(data.kernels.find((k) => k.ref === 'alice/lemonade-baseline')?.outputs?.map((f) => f.name)).toEqual(['submission.csv']);
  });

  it('takes kernel and competition metadata and output files from their side files', () => {
    const data = loadFolder(fileURLToPath(new URL('../fixtures/kaggle/mixed-competitions', import.meta.url)));
    const ana = data.kernels.find((k) => k.ref === 'ana/gold-eda');
    expect(ana).toMatchObject({ id: 1001, totalVotes: 80, currentVersionNumber: 3, competition: 'tabular-playground' });
    expect(ana?.outputs?.map((f) => f.name)).toEqual(['submission.csv']);
    expect(data.kernels.find((k) => k.ref === 'eve/r-kernel')).toMatchObject({ language: 'r', kernelType: 'notebook' });
    expect(data.competitions.find((c) => c.slug === 'leaf-images')?.files.map((f) => f.name)).toEqual(['images/0.jpg', 'images/1.jpg', 'images/2.jpg', 'labels.csv']);
  });
});
