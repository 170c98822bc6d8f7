// A Kaggle-compatible HTTP server: `POST /v1/{service}/{Method}` with the documented JSON, auth
// checked on every RPC, downloads as redirects to signed URLs (`GET /files/...`, HMAC-signed, with
// expiry and Range support, refusing an Authorization header as cloud storage does), Kaggle's two
// error body shapes, and fault injection. Tests start it on 127.0.0.1 (port 0); the offline demo
// serves the sample competition with it (load-folder.ts).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type FaultRule } from './faults.js';
import { handleRpc, rpcError, SERVICE_METHODS, type RpcAnswer } from './rpc.js';
import type { RequestRecord, ServerData, ServerFile } from './types.js';
import { buildZip } from './zip-writer.js';

export interface KaggleServerOptions {
  data: ServerData;
  host?: string;
  port?: number;
  /** accepted Bearer tokens; with neither this nor `basic`, any Authorization header is accepted */
  tokens?: string[];
  /** accepted legacy credentials */
  basic?: { username: string; key: string }[];
  /** answer listings with nextPageToken (default true); false: page numbers only */
  competitionTokens?: boolean;
  kernelTokens?: boolean;
  kernelListCap?: number;
  sparseKernelList?: boolean;
  faults?: FaultRule[];
  /** lifetime of signed URLs */
  signedUrlTtlMs?: number;
  /** called for each request before it is answered (a test can kill a client here) */
  onRequest?: (record: RequestRecord) => void | Promise<void>;
}

export interface KaggleServer {
  url: string;
  port: number;
  /** every request, in arrival order */
  log: RequestRecord[];
  faults: FaultPlan;
  data: ServerData;
  close(): Promise<void>;
}

const HTML_PAGE = '<!DOCTYPE html><html><head><title>Kaggle: Your Machine Learning and Data Science Community</title></head><body><div id="root"></div></body></html>';
const RULES_MESSAGE = "You must accept this competition's rules before you'll be able to download files.";

function authKind(header: string | undefined): RequestRecord['auth'] {
  if (!header) return 'none';
  if (/^bearer /i.test(header)) return 'bearer';
  if (/^basic /i.test(header)) return 'basic';
  return 'other';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1024 * 1024) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, 'x-kaggle-apiversion': '1.7.0', ...headers });
  res.end(body);
}

export async function startKaggleServer(options: KaggleServerOptions): Promise<KaggleServer> {
  const secret = randomBytes(16);
  const log: RequestRecord[] = [];
  const faults = new FaultPlan([...(options.faults ?? [])]);
  const zips = new Map<string, Buffer>();
  const ttl = options.signedUrlTtlMs ?? 15 * 60_000;
  let base = '';

  const signature = (path: string, expires: number) => createHmac('sha256', secret).update(`${path}\n${expires}`).digest('hex');
  const sign = (path: string) => {
    const expires = Date.now() + ttl;
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return `${base}/files/${encoded}?expires=${expires}&signature=${signature(path, expires)}`;
  };

  const authorised = (header: string | undefined): boolean => {
    if (!header) return false;
    if (!options.tokens && !options.basic) return true;
    if (options.tokens?.some((t) => header === `Bearer ${t}`)) return true;
    return options.basic?.some((b) => header === `Basic ${Buffer.from(`${b.username}:${b.key}`).toString('base64')}`) ?? false;
  };

  const settings = () => ({
    competitionTokens: options.competitionTokens ?? true,
    kernelTokens: options.kernelTokens ?? true,
    kernelListCap: options.kernelListCap ?? 1000,
    sparseKernelList: options.sparseKernelList ?? true,
    sign,
  });

  /** The file behind a signed path: data/<slug>.zip, data/<slug>/<name>, output/<owner>/<slug>/<name>. */
  const resolveFile = (path: string): { file: ServerFile; competition?: string; kernel?: string } | undefined => {
    const parts = path.split('/');
    if (parts[0] === 'data' && parts.length === 2 && parts[1]?.endsWith('.zip')) {
      const slug = parts[1].slice(0, -4);
      const c = server.data.competitions.find((x) => x.slug === slug);
      if (!c) return undefined;
      // Keyed by the file list, so a test that changes the data gets a new archive.
      const key = `${slug}\n${c.files.map((f) => `${f.name}:${f.content.length}`).join('\n')}`;
      let zip = zips.get(key);
      if (!zip) zips.set(key, (zip = buildZip(c.files)));
      return { file: { name: `${slug}.zip`, content: zip }, competition: slug };
    }
    if (parts[0] === 'data' && parts.length >= 3) {
      const slug = parts[1] as string;
      const f = server.data.competitions.find((x) => x.slug === slug)?.files.find((x) => x.name === parts.slice(2).join('/'));
      return f ? { file: f, competition: slug } : undefined;
    }
    if (parts[0] === 'output' && parts.length >= 4) {
      const ref = `${parts[1]}/${parts[2]}`;
      const k = server.data.kernels.find((x) => x.ref === ref);
      const f = k?.outputs?.find((x) => x.name === parts.slice(3).join('/'));
      return k && f ? { file: f, competition: k.competition, kernel: k.ref } : undefined;
    }
    return undefined;
  };

  const serveFile = async (req: IncomingMessage, res: ServerResponse, url: URL, record: RequestRecord): Promise<void> => {
    const path = url.pathname.slice('/files/'.length).split('/').map(decodeURIComponent).join('/');
    const expires = Number(url.searchParams.get('expires'));
    const given = Buffer.from(url.searchParams.get('signature') ?? '', 'hex');
    const wanted = Buffer.from(signature(path, expires), 'hex');
    if (req.headers.authorization) {
      record.status = 400;
      res.writeHead(400, { 'content-type': 'application/xml' }).end('<Error><Code>InvalidAuthorization</Code><Message>Cannot use an Authorization header with a signed URL.</Message></Error>');
      return;
    }
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted) || !(expires > Date.now())) {
      record.status = 403;
      res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>ExpiredToken</Code><Message>The signed URL is invalid or expired.</Message></Error>');
      return;
    }
    const found = resolveFile(path);
    if (!found) {
      record.status = 404;
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    const fault = faults.take({ call: 'download', competition: found.competition, kernel: found.kernel, file: path });
    if (fault) record.fault = fault.kind;
    if (fault && (await answerFault(res, fault, record))) return;
    const content = found.file.content;
    const total = content.length;
    let start = 0;
    let end = total - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      const s = m?.[1] ? Number(m[1]) : NaN;
      const e = m?.[2] ? Number(m[2]) : total - 1;
      if (!m || Number.isNaN(s) || s >= total || e < s) {
        record.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${total}` }).end();
        return;
      }
      start = s;
      end = Math.min(e, total - 1);
      status = 206;
    }
    const headers: Record<string, string | number> = {
      'content-type': 'application/octet-stream',
      'content-length': end - start + 1,
      'accept-ranges': 'bytes',
    };
    if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${total}`;
    record.status = status;
    const body = content.subarray(start, end + 1);
    if (fault?.kind === 'cut-download' || fault?.kind === 'stall-download') {
      res.writeHead(status, headers);
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      if (fault.kind === 'cut-download') {
        const cut = () => res.socket?.destroy();
        if (fault.cutWhen) void fault.cutWhen().then(cut, cut);
        else setTimeout(cut, 20);
      }
      // stall: leave the answer open; the client times out or is killed
      return;
    }
    res.writeHead(status, headers).end(body);
  };

  /** Answer with the fault; false when the fault only delays (the real answer follows). */
  const answerFault = async (res: ServerResponse, fault: FaultRule, record: RequestRecord, real?: () => RpcAnswer): Promise<boolean> => {
    const status = (n: number) => (record.status = n);
    switch (fault.kind) {
      case 'rate-limit':
        status(429);
        sendJson(res, 429, { error: { code: 429, message: 'Too many requests', status: 'RESOURCE_EXHAUSTED' } }, { 'retry-after': fault.retryAfter ?? '0' });
        return true;
      case 'server-error':
        status(fault.status ?? 500);
        sendJson(res, fault.status ?? 500, { error: { code: fault.status ?? 500, message: 'Internal error encountered.', status: 'INTERNAL' } });
        return true;
      case 'unauthorized':
        status(401);
        sendJson(res, 401, { error: { code: 401, message: 'Unauthenticated', status: 'UNAUTHENTICATED' } });
        return true;
      case 'forbidden':
        status(403);
        sendJson(res, 403, { code: 403, message: RULES_MESSAGE });
        return true;
      case 'not-found':
        status(404);
        sendJson(res, 404, { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } });
        return true;
      case 'html':
        status(200);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_PAGE);
        return true;
      case 'truncated-json': {
        const answer = real?.();
        const text = JSON.stringify(answer?.json ?? { kernels: [{ ref: 'someone/something', title: 'cut' }] });
        const cut = Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
        status(200);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': cut.length }).end(cut);
        return true;
      }
      case 'slow':
        await new Promise((r) => setTimeout(r, fault.delayMs ?? 5000));
        return false;
      default:
        return false;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record: RequestRecord = {
      time: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      call: '',
      status: 0,
      auth: authKind(req.headers.authorization),
      range: req.headers.range,
      userAgent: req.headers['user-agent'],
    };
    log.push(record);
    if (url.pathname.startsWith('/files/') && (req.method === 'GET' || req.method === 'HEAD')) {
      record.call = 'download';
      await options.onRequest?.(record);
      await serveFile(req, res, url, record);
      return;
    }
    const m = /^\/v1\/([\w.]+)\/(\w+)$/.exec(url.pathname);
    if (!m || !SERVICE_METHODS[m[1] as string]?.includes(m[2] as string)) {
      record.status = 404;
      sendJson(res, 404, { error: { code: 404, message: `no such method: ${url.pathname}`, status: 'NOT_FOUND' } });
      return;
    }
    record.call = m[2] as string;
    if (req.method !== 'POST') {
      record.status = 405;
      sendJson(res, 405, { error: { code: 405, message: 'use POST', status: 'METHOD_NOT_ALLOWED' } });
      return;
    }
    let body: Record<string, unknown>;
    try {
      const text = await readBody(req);
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch {
      record.status = 400;
      sendJson(res, 400, { error: { code: 400, message: 'Invalid JSON payload received.', status: 'INVALID_ARGUMENT' } });
      return;
    }
    record.body = body;
    await options.onRequest?.(record);
    if (!authorised(req.headers.authorization)) {
      record.status = 401;
      sendJson(res, 401, { error: { code: 401, message: 'Unauthenticated', status: 'UNAUTHENTICATED' } });
      return;
    }
    const competition = (body.competitionName ?? body.competition) as string | undefined;
    const kernel = typeof body.userName === 'string' && typeof body.kernelSlug === 'string' ? `${body.userName}/${body.kernelSlug}` : undefined;
    const answer = () => handleRpc(record.call, body, server.data, settings());
    const fault = faults.take({ call: record.call, competition, kernel });
    if (fault) record.fault = fault.kind;
    if (fault && (await answerFault(res, fault, record, answer))) return;
    const result = answer();
    record.status = result.status;
    if (result.location) {
      res.writeHead(result.status, { location: result.location, 'content-length': 0 }).end();
      return;
    }
    sendJson(res, result.status, result.json ?? rpcError(500, 'no answer', 'INTERNAL').json);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: String(error), status: 'INTERNAL' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  base = `http://${host}:${address.port}`;

  const server: KaggleServer = {
    url: base,
    port: address.port,
    log,
    faults,
    data: options.data,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}
