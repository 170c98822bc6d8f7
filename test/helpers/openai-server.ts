// A real OpenAI-compatible HTTP server for tests: POST /v1/chat/completions answers from a script
// of responses (status, body, delay, headers) and records every request it received.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedResponse {
  status?: number;
  /** the assistant message content (wrapped in a chat.completion) */
  content?: string;
  /** a raw body instead of a chat.completion */
  raw?: string;
  delayMs?: number;
  headers?: Record<string, string>;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: { model?: string; messages?: { role: string; content: string }[]; response_format?: unknown };
}

export interface FakeOpenAI {
  baseURL: string;
  requests: RecordedRequest[];
  /** responses still to be served; when empty, `fallback` answers */
  script: ScriptedResponse[];
  fallback: ScriptedResponse;
  close(): Promise<void>;
}

export async function startFakeOpenAI(script: ScriptedResponse[] = [], fallback: ScriptedResponse = { status: 500, raw: '{"error":{"message":"no scripted response"}}' }): Promise<FakeOpenAI> {
  const state = { requests: [] as RecordedRequest[], script: [...script], fallback };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: RecordedRequest['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = {};
      }
      state.requests.push({ path: req.url ?? '', headers: req.headers, body });
      const next = state.script.shift() ?? state.fallback;
      const send = () => {
        if (res.destroyed) return;
        const status = next.status ?? 200;
        const payload =
          next.raw ??
          JSON.stringify({
            id: `chatcmpl-${state.requests.length}`,
            object: 'chat.completion',
            created: 0,
            model: body.model ?? 'test-model',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: next.content ?? '' } }],
            usage: { ...(next.usage ?? { prompt_tokens: 100, completion_tokens: 20 }), total_tokens: 0 },
          });
        res.writeHead(status, { 'content-type': 'application/json', ...(next.headers ?? {}) });
        res.end(payload);
      };
      if (next.delayMs) setTimeout(send, next.delayMs);
      else send();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    get script() {
      return state.script;
    },
    set script(s) {
      state.script = s;
    },
    get fallback() {
      return state.fallback;
    },
    set fallback(f) {
      state.fallback = f;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
