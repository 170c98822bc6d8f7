// One file from a signed URL to disk: streamed (never held in memory), written to `<dest>.part`
// and renamed only when complete, resumed with `Range: bytes=N-` when a `.part` is left over (a
// failed attempt, or a crawl killed mid-download), and size-checked against Content-Length or
// Content-Range. Signed URLs carry their own authorisation: Kaggle credentials are never sent.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import got, { RequestError, type Response } from 'got';
import { errorForStatus, KaggleItemError, KaggleTransientError, parseRetryAfter } from './http-errors.js';

export interface DownloadOptions {
  /** names the download in messages */
  what: string;
  userAgent: string;
  /** idle and time-to-first-byte limit, ms */
  timeoutMs: number;
  /** refuse files larger than this */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  /** bytes already on disk that the server did not send again (0 when not resumed) */
  resumedFrom: number;
}

async function hashExisting(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

function contentRange(header: string | undefined): { start: number; total: number | undefined } | undefined {
  const m = header ? /^bytes\s+(\d+)-\d+\/(\d+|\*)$/.exec(header.trim()) : null;
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[2] === '*' ? undefined : Number(m[2]) };
}

function waitForResponse(stream: ReturnType<typeof got.stream>): Promise<Response> {
  return new Promise((resolve, reject) => {
    stream.once('response', resolve);
    stream.once('error', reject);
  });
}

function transportError(error: unknown, what: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof RequestError) {
    const timeout = error.code === 'ETIMEDOUT' || error.name === 'TimeoutError';
    return new KaggleTransientError(timeout ? 'timeout' : 'network', `${what}: ${timeout ? 'timed out' : 'network error'} (${error.message})`);
  }
  return error;
}

export async function downloadFile(url: string, dest: string, options: DownloadOptions): Promise<DownloadResult> {
  const { what } = options;
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  const headers: Record<string, string> = { 'user-agent': options.userAgent };
  if (have > 0) headers.range = `bytes=${have}-`;
  const stream = got.stream(url, {
    headers,
    timeout: { response: options.timeoutMs, socket: options.timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    decompress: false,
    signal: options.signal,
  });
  stream.on('error', () => undefined); // errors are read from the response or the pipeline
  let response: Response;
  try {
    response = await waitForResponse(stream);
  } catch (error) {
    throw transportError(error, what, options.signal);
  }
  const status = response.statusCode;
  const headerOf = (name: string) => {
    const v = response.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };

  if (status === 416 && have > 0) {
    stream.destroy();
    const range = contentRange(headerOf('content-range')?.replace('*', '0-0'));
    if (range?.total === have) return finish(part, dest, have, options);
    rmSync(part, { force: true });
    throw new KaggleTransientError('size_mismatch', `${what}: the partial download (${have} bytes) does not fit the file; starting over`, 416);
  }
  if (status !== 200 && status !== 206) {
    stream.destroy();
    throw errorForStatus(status, what, undefined, parseRetryAfter(headerOf('retry-after')));
  }

  let resumedFrom = 0;
  let total: number | undefined;
  if (status === 206) {
    const range = contentRange(headerOf('content-range'));
    if (!range || range.start !== have) {
      stream.destroy();
      rmSync(part, { force: true });
      throw new KaggleTransientError('size_mismatch', `${what}: the server resumed at the wrong offset; starting over`, 206);
    }
    resumedFrom = have;
    total = range.total;
  } else {
    const length = headerOf('content-length');
    total = length !== undefined ? Number(length) : undefined;
  }
  const type = headerOf('content-type') ?? '';
  if (/text\/html/i.test(type) && !/\.html?$/i.test(dest)) {
    stream.destroy();
    throw new KaggleTransientError('html_response', `${what}: got an HTML page instead of the file`, status);
  }
  if (options.maxBytes !== undefined && total !== undefined && total > options.maxBytes) {
    stream.destroy();
    throw new KaggleItemError('too_large', `${what}: ${total} bytes, over the limit of ${options.maxBytes}`);
  }

  const hash = createHash('sha256');
  if (resumedFrom > 0) await hashExisting(part, hash);
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, hasher, createWriteStream(part, { flags: resumedFrom > 0 ? 'a' : 'w' }));
  } catch (error) {
    // What arrived stays in .part: the next attempt resumes after it.
    throw transportError(error, what, options.signal);
  }
  const size = statSync(part).size;
  if (total !== undefined && size !== total) {
    if (size > total) rmSync(part, { force: true });
    throw new KaggleTransientError('size_mismatch', `${what}: got ${size} of ${total} bytes`);
  }
  renameSync(part, dest);
  return { path: dest, bytes: size, sha256: hash.digest('hex'), resumedFrom };
}

async function finish(part: string, dest: string, bytes: number, _options: DownloadOptions): Promise<DownloadResult> {
  const hash = createHash('sha256');
  await hashExisting(part, hash);
  renameSync(part, dest);
  return { path: dest, bytes, sha256: hash.digest('hex'), resumedFrom: bytes };
}
