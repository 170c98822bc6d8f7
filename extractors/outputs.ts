// Stored cell outputs, normalised across nbformat 3 and 4. Text is kept (bounded) because the
// reproduction check compares it; images and rich payloads are reduced to their type and size.
import { createHash } from 'node:crypto';

export type OutputType = 'stream' | 'execute_result' | 'display_data' | 'error' | 'update_display_data';

export interface StoredOutput {
  output_type: OutputType;
  /** stream name (stdout/stderr) for stream outputs */
  name?: string;
  /** stream text, or the text/plain representation of a result or display */
  text?: string;
  /** true when `text` was cut to the storage bound */
  truncated?: boolean;
  /** every MIME type the output carried (text/html, image/png, ...) */
  mimes?: string[];
  /** rich payloads that are not kept: type, size and hash */
  blobs?: { mime: string; bytes: number; sha256: string }[];
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export const MAX_OUTPUT_TEXT = 256 * 1024;

// nbformat 3 short keys -> MIME types
const V3_MIME: Record<string, string> = {
  text: 'text/plain',
  html: 'text/html',
  png: 'image/png',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
  latex: 'text/latex',
  javascript: 'application/javascript',
  json: 'application/json',
  pdf: 'application/pdf',
};

const V3_TYPE: Record<string, OutputType> = {
  pyout: 'execute_result',
  pyerr: 'error',
  stream: 'stream',
  display_data: 'display_data',
};

export function joinSource(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('');
  return undefined;
}

function bounded(text: string): { text: string; truncated?: boolean } {
  if (text.length <= MAX_OUTPUT_TEXT) return { text };
  return { text: text.slice(0, MAX_OUTPUT_TEXT), truncated: true };
}

function blobOf(mime: string, value: unknown) {
  const text = typeof value === 'string' ? value : (joinSource(value) ?? JSON.stringify(value));
  return { mime, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
}

function fromMimeBundle(data: Record<string, unknown>): Pick<StoredOutput, 'text' | 'truncated' | 'mimes' | 'blobs'> {
  const mimes = Object.keys(data);
  const out: Pick<StoredOutput, 'text' | 'truncated' | 'mimes' | 'blobs'> = { mimes };
  const plain = joinSource(data['text/plain']);
  if (plain !== undefined) Object.assign(out, bounded(plain));
  const blobs = mimes.filter((m) => m !== 'text/plain').map((m) => blobOf(m, data[m]));
  if (blobs.length > 0) out.blobs = blobs;
  return out;
}

/** Normalise one nbformat 4 output. Returns undefined for shapes that are not outputs. */
export function normalizeV4Output(raw: unknown): StoredOutput | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const type = o.output_type;
  if (type === 'stream') {
    return { output_type: 'stream', name: String(o.name ?? 'stdout'), ...bounded(joinSource(o.text) ?? '') };
  }
  if (type === 'error') {
    return {
      output_type: 'error',
      ename: String(o.ename ?? ''),
      evalue: String(o.evalue ?? ''),
      traceback: Array.isArray(o.traceback) ? o.traceback.map(String) : [],
    };
  }
  if (type === 'execute_result' || type === 'display_data' || type === 'update_display_data') {
    const data = o.data && typeof o.data === 'object' ? (o.data as Record<string, unknown>) : {};
    const out: StoredOutput = { output_type: type, ...fromMimeBundle(data) };
    if (type === 'execute_result') out.execution_count = typeof o.execution_count === 'number' ? o.execution_count : null;
    return out;
  }
  return undefined;
}

/** Normalise one nbformat 3 output (pyout/pyerr/stream/display_data with short MIME keys). */
export function normalizeV3Output(raw: unknown): StoredOutput | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const type = V3_TYPE[String(o.output_type)];
  if (!type) return undefined;
  if (type === 'stream') {
    return { output_type: 'stream', name: String(o.stream ?? o.name ?? 'stdout'), ...bounded(joinSource(o.text) ?? '') };
  }
  if (type === 'error') {
    return {
      output_type: 'error',
      ename: String(o.ename ?? ''),
      evalue: String(o.evalue ?? ''),
      traceback: Array.isArray(o.traceback) ? o.traceback.map(String) : [],
    };
  }
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(o)) {
    const mime = V3_MIME[key];
    if (mime) data[mime] = value;
  }
  const out: StoredOutput = { output_type: type, ...fromMimeBundle(data) };
  if (type === 'execute_result') out.execution_count = typeof o.prompt_number === 'number' ? o.prompt_number : null;
  return out;
}
