// The one configuration table: every option has its default, its environment variable and its
// validation on one line (crawlee's `field(schema.default(x), 'ENV')`). CLI flags override the
// environment, the environment overrides the default. Later stages add their rows here.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { UsageError } from './errors.js';

interface Field<T> {
  schema: z.ZodType<T>;
  env: string;
  default: T;
  description: string;
  /** Values that must never be printed (API keys). */
  secret?: boolean;
}

function field<T>(schema: z.ZodType<T>, env: string, defaultValue: T, description: string, secret = false): Field<T> {
  return { schema, env, default: defaultValue, description, secret };
}

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();
const nonNegativeNumber = z.coerce.number().nonnegative();
const nonEmpty = z.string().min(1);
const optionalString = z.string().optional();

export const CONFIG_FIELDS = {
  db: field(nonEmpty, 'HOOKMINE_DB', './hookmine.duckdb', 'corpus file (DuckDB)'),
  dataRoot: field(nonEmpty, 'HOOKMINE_DATA_ROOT', './data', 'competition data, one folder per slug: <data-root>/<slug>/'),
  logFile: field(optionalString, 'HOOKMINE_LOG_FILE', undefined, 'structured JSON-lines log file (off when unset)'),
  maxNotebookBytes: field(positiveInt, 'HOOKMINE_MAX_NOTEBOOK_BYTES', 64 * 1024 * 1024, 'largest notebook file ingest accepts, in bytes'),
  python: field(nonEmpty, 'HOOKMINE_PYTHON', '/usr/bin/python3', 'Python interpreter with the data stack that runs notebooks'),
  sandbox: field(z.enum(['local', 'docker']), 'HOOKMINE_SANDBOX', 'local', 'executor for notebook runs'),
  dockerImage: field(nonEmpty, 'HOOKMINE_DOCKER_IMAGE', 'gcr.io/kaggle-images/python', 'image for the docker executor'),
  timeoutSeconds: field(positiveInt, 'HOOKMINE_TIMEOUT', 420, 'wall-clock limit per notebook run, in seconds'),
  memoryMb: field(positiveInt, 'HOOKMINE_MEMORY_MB', 4096, 'address-space limit per run, in MiB'),
  jobs: field(positiveInt, 'HOOKMINE_JOBS', 1, 'notebook runs at once'),
  rtol: field(nonNegativeNumber, 'HOOKMINE_RTOL', 1e-5, 'relative tolerance of every numeric comparison'),
  atol: field(nonNegativeNumber, 'HOOKMINE_ATOL', 1e-8, 'absolute tolerance of every numeric comparison'),
  kaggleApi: field(z.string().url(), 'HOOKMINE_KAGGLE_API', 'https://api.kaggle.com', 'Kaggle API base URL'),
  kernelOutputRoot: field(nonEmpty, 'HOOKMINE_KERNEL_OUTPUT_ROOT', './kernel-output', "Kaggle's recorded kernel output files, as <root>/<notebook_id>/<file>"),
  minMedal: field(z.enum(['bronze', 'silver', 'gold']), 'HOOKMINE_MIN_MEDAL', 'bronze', 'lowest notebook medal tier the crawler fetches'),
  crawlDelayMs: field(nonNegativeInt, 'HOOKMINE_CRAWL_DELAY_MS', 1000, 'politeness: least time between two Kaggle requests, ms (0 turns it off)'),
  crawlTimeoutMs: field(positiveInt, 'HOOKMINE_CRAWL_TIMEOUT_MS', 60_000, 'limit per Kaggle request (downloads: to first byte and when idle), ms'),
  crawlRetries: field(nonNegativeInt, 'HOOKMINE_CRAWL_RETRIES', 5, 'retries after a 5xx, timeout, network error, HTML page or cut JSON'),
  crawlBackoffMs: field(positiveInt, 'HOOKMINE_CRAWL_BACKOFF_MS', 1000, 'first back-off after a transient error, doubled each retry, ms'),
  crawlRateLimitMs: field(positiveInt, 'HOOKMINE_CRAWL_RATE_LIMIT_MS', 30_000, 'first back-off after HTTP 429 (never less, whatever Retry-After says), doubled each 429, ms'),
  crawlMax429: field(positiveInt, 'HOOKMINE_CRAWL_MAX_429', 5, 'consecutive HTTP 429 answers that pause the crawl'),
  crawlPageSize: field(positiveInt.max(100), 'HOOKMINE_CRAWL_PAGE_SIZE', 100, 'ListKernels page size (at most 100)'),
  crawlMaxPages: field(positiveInt, 'HOOKMINE_CRAWL_MAX_PAGES', 20, 'pages per kernel listing pass at most'),
  crawlMaxDataBytes: field(positiveInt, 'HOOKMINE_CRAWL_MAX_DATA_BYTES', 5 * 1024 ** 3, "largest competition data the crawler downloads (all files), bytes"),
  crawlMaxOutputBytes: field(positiveInt, 'HOOKMINE_CRAWL_MAX_OUTPUT_BYTES', 512 * 1024 ** 2, 'largest kernel output file the crawler downloads, bytes'),
  crawlAllow: field(optionalString, 'HOOKMINE_CRAWL_ALLOW', undefined, 'competitions always crawled (comma-separated slugs or globs)'),
  crawlDeny: field(optionalString, 'HOOKMINE_CRAWL_DENY', undefined, 'competitions never crawled (comma-separated slugs or globs)'),
  openaiApiKey: field(optionalString, 'OPENAI_API_KEY', undefined, 'key for the OpenAI-compatible server', true),
  openaiBaseUrl: field(optionalString, 'OPENAI_BASE_URL', undefined, 'base URL of the OpenAI-compatible server'),
  model: field(nonEmpty, 'HOOKMINE_MODEL', 'gpt-4o-mini', 'chat model for the LLM proposer, repair and paraphrase'),
  llmTimeoutMs: field(positiveInt, 'HOOKMINE_LLM_TIMEOUT_MS', 120_000, 'time limit per LLM request, in milliseconds'),
  repairBudgetSeconds: field(positiveInt, 'HOOKMINE_REPAIR_BUDGET', 1800, "time budget of one notebook's repair session (all its runs together), in seconds"),
  repairLlmAttempts: field(nonNegativeInt, 'HOOKMINE_REPAIR_LLM_ATTEMPTS', 3, 'LLM repair attempts per notebook at most (0 turns the LLM repair off)'),
  llmMaxRetries: field(z.coerce.number().int().nonnegative(), 'HOOKMINE_LLM_MAX_RETRIES', 3, 'retries per LLM request (429, 5xx, timeouts), with exponential back-off'),
  tfBackend: field(z.enum(['auto', 'gpu', 'node', 'wasm', 'cpu']), 'HOOKMINE_TF_BACKEND', 'auto', 'TensorFlow.js backend for train and score: auto tries gpu, node, wasm, cpu'),
  embed: field(z.enum(['hashing', 'openai']), 'HOOKMINE_EMBED', 'hashing', 'step embedding: hashing (offline) or openai (an OpenAI-compatible embeddings endpoint)'),
  embedModel: field(nonEmpty, 'HOOKMINE_EMBED_MODEL', 'text-embedding-3-small', 'embedding model of the openai provider'),
  synthJobs: field(positiveInt, 'HOOKMINE_SYNTH_JOBS', availableParallelism(), 'template programs run at once by hookmine synth (warm pool size; default: the number of cores)'),
  synthTimeoutSeconds: field(positiveInt, 'HOOKMINE_SYNTH_TIMEOUT', 60, 'wall-clock limit per template program run, in seconds'),
  queue: field(optionalString, 'HOOKMINE_QUEUE', undefined, 'Redis URL of the job queue (redis://[:password@]host:port, rediss:// for TLS): runs go to `hookmine worker` processes instead of this machine'),
  queueLockMs: field(positiveInt, 'HOOKMINE_QUEUE_LOCK_MS', 30_000, 'how long a queue worker may stay silent before its run is presumed lost and run again elsewhere, ms'),
} as const;

export type ConfigKey = keyof typeof CONFIG_FIELDS;
export type Config = { [K in ConfigKey]: (typeof CONFIG_FIELDS)[K]['default'] };

/**
 * Resolve the configuration: explicit overrides (CLI flags) first, then the environment, then the
 * default. An invalid value is a usage error that names the option and where it came from.
 */
export function loadConfig(
  overrides: Partial<Record<ConfigKey, unknown>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(CONFIG_FIELDS) as [ConfigKey, Field<unknown>][]) {
    const fromFlag = overrides[key];
    const fromEnv = env[spec.env];
    const raw = fromFlag !== undefined ? fromFlag : fromEnv !== undefined && fromEnv !== '' ? fromEnv : spec.default;
    const origin = fromFlag !== undefined ? `--${kebab(key)}` : fromEnv !== undefined && fromEnv !== '' ? spec.env : 'default';
    if (raw === undefined) {
      out[key] = undefined;
      continue;
    }
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success) {
      const shown = spec.secret ? '<hidden>' : JSON.stringify(raw);
      const problem = parsed.error.issues[0]?.message ?? 'invalid value';
      throw new UsageError(`invalid ${key} from ${origin}: ${shown} (${problem}; expected ${spec.description})`);
    }
    out[key] = parsed.data;
  }
  return out as Config;
}

/** "maxNotebookBytes" -> "max-notebook-bytes", the flag spelling. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Help text for an option: description, env var and default, for `--help`. */
export function describeOption(key: ConfigKey): string {
  const spec = CONFIG_FIELDS[key] as Field<unknown>;
  const def = spec.default === undefined || spec.secret ? '' : `, default ${String(spec.default)}`;
  return `${spec.description} (env ${spec.env}${def})`;
}
