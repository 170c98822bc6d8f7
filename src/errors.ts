// One place for hookmine's typed errors. Each class documents what the caller should do with it:
// the CLI maps them to exit codes, the crawler's retry policy reads them by class (crawlee style),
// and per-item failures carry a machine-readable `reason` that is stored in the corpus.

export interface ErrorOptions {
  cause?: unknown;
}

/** Base class: every error hookmine raises on purpose. `code` is stable and machine-readable. */
export class HookmineError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** The command line or a configuration value is wrong. Exit code 2; nothing was processed. */
export class UsageError extends HookmineError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('usage', message, options);
  }
}

/** Input that the whole command depends on is unusable (corpus file, data root). Exit code 2. */
export class UnusableInputError extends HookmineError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('unusable_input', message, options);
  }
}

/**
 * One item (a notebook file, a competition, a kernel) could not be processed. The run records
 * `reason` against the item and goes on with the rest; the command then exits 1.
 */
export class ItemError extends HookmineError {
  readonly reason: string;
  readonly item: string;
  constructor(item: string, reason: string, message: string, options: ErrorOptions = {}) {
    super(`item:${reason}`, `${item}: ${message}`, options);
    this.item = item;
    this.reason = reason;
  }
}

/** A notebook or script that cannot be ingested. `reason` is one of IngestReason. */
export class InvalidNotebookError extends HookmineError {
  readonly reason: IngestReason;
  readonly detail: string;
  constructor(reason: IngestReason, detail: string, options: ErrorOptions = {}) {
    super(`invalid_notebook:${reason}`, detail, options);
    this.reason = reason;
    this.detail = detail;
  }
}

export const INGEST_REASONS = [
  'not_found',
  'unreadable',
  'empty',
  'too_large',
  'binary',
  'not_utf8',
  'invalid_json',
  'not_a_notebook',
  'unsupported_nbformat',
  'invalid_notebook',
  'unsupported_language',
  'unsupported_file',
  'no_competition',
] as const;
export type IngestReason = (typeof INGEST_REASONS)[number];

/** A SQL statement given by the user failed (syntax, binder, catalog, read-only). Exit code 2. */
export class UserSqlError extends HookmineError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('sql', message, options);
  }
}

/** The corpus refused a write or could not be opened or migrated. */
export class CorpusError extends HookmineError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('corpus', message, options);
  }
}

// ---- Retry semantics (used by the crawler, the LLM client and the sandbox) ----

/** Retrying will not help: the item is recorded as failed and skipped. */
export class NonRetryableError extends HookmineError {}

/** The whole run must stop (for example HTTP 401: the credentials are wrong). */
export class CriticalError extends NonRetryableError {}

/** A transient failure (5xx, network reset, timeout): retried with back-off up to a bound. */
export class RetryableError extends HookmineError {}

/** The server throttled us (HTTP 429). Retried after at least the back-off delay; never counts as success. */
export class RateLimitedError extends RetryableError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, options: ErrorOptions = {}) {
    super('rate_limited', message, options);
    this.retryAfterMs = retryAfterMs;
  }
}

/** Too many consecutive 429s: the whole crawl pauses (and the run ends) instead of hammering the server. */
export class PersistentRateLimitError extends CriticalError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('persistent_rate_limit', message, options);
  }
}

/** The sandbox itself failed (could not start, bad mount), as opposed to the code inside it. */
export class SandboxError extends HookmineError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('sandbox_error', message, options);
  }
}

/**
 * Sandboxed code left something other than a regular file where the host reads one back (a link,
 * a named pipe, a socket, a folder). The host did not follow or read it; the run is recorded with
 * reason `sandbox_violation` and the stage goes on.
 */
export class SandboxViolationError extends HookmineError {
  readonly path: string;
  readonly found: string;
  constructor(path: string, found: string, options: ErrorOptions = {}) {
    super('sandbox_violation', `${path} is ${found}, not a regular file: the host did not read it`, options);
    this.path = path;
    this.found = found;
  }
}

/** Something that needs an optional component (Docker engine, LLM server, native TF.js) that is absent. */
export class UnavailableError extends HookmineError {
  constructor(what: string, message: string, options: ErrorOptions = {}) {
    super(`unavailable:${what}`, message, options);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Exit code for an error that escaped a command: usage and unusable input are 2, the rest 1. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof UnusableInputError || error instanceof UserSqlError) return 2;
  return 1;
}

/** A call to the OpenAI-compatible server failed after its retries, or its answer was unusable. */
export class LlmError extends HookmineError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('llm', message, options);
  }
}

/** An embeddings server refused one input (too long, empty); the other texts still embed. */
export class EmbeddingInputError extends NonRetryableError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('embedding_input', message, options);
  }
}
