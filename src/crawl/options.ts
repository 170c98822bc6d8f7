// The crawl options, shared by `hookmine crawl` and `hookmine schedule`: declared once on a
// commander command, resolved once against the config table.
import { Option, type Command } from 'commander';
import type { CrawlOptions } from '../../crawlers/crawl-context.js';
import { CONFIG_FIELDS, describeOption, type Config, type ConfigKey } from '../config.js';
import { UsageError } from '../errors.js';

export interface CrawlFlags {
  competition?: string[];
  search?: string;
  minMedal?: string;
  maxCompetitions?: string;
  maxKernels?: string;
  data: boolean;
  outputs: boolean;
  refreshCompetitions?: boolean;
  kaggleApi?: string;
  kernelOutputRoot?: string;
  delayMs?: string;
  timeoutMs?: string;
  retries?: string;
  backoffMs?: string;
  rateLimitMs?: string;
  max429?: string;
  pageSize?: string;
  maxPages?: string;
  maxDataBytes?: string;
  maxOutputBytes?: string;
  allow?: string[];
  deny?: string[];
}

export function addCrawlOptions(command: Command): Command {
  return command
    .option('--competition <slug...>', 'crawl only these competitions (they count as allow-listed)')
    .option('--search <q>', 'only competitions whose listing matches this search')
    .addOption(new Option('--min-medal <medal>', describeOption('minMedal')).choices(['bronze', 'silver', 'gold']))
    .option('--max-competitions <n>', 'tabular competitions crawled per run at most')
    .option('--max-kernels <n>', 'per competition, only the n most-voted medal-tier notebooks')
    .option('--no-data', 'do not download competition data')
    .option('--no-outputs', "do not download the kernels' output files")
    .option('--refresh-competitions', 'list data files again even when the corpus has them')
    .addOption(new Option('--kaggle-api <url>', describeOption('kaggleApi')))
    .addOption(new Option('--kernel-output-root <dir>', describeOption('kernelOutputRoot')))
    .addOption(new Option('--delay-ms <ms>', describeOption('crawlDelayMs')))
    .addOption(new Option('--timeout-ms <ms>', describeOption('crawlTimeoutMs')))
    .addOption(new Option('--retries <n>', describeOption('crawlRetries')))
    .addOption(new Option('--backoff-ms <ms>', describeOption('crawlBackoffMs')))
    .addOption(new Option('--rate-limit-ms <ms>', describeOption('crawlRateLimitMs')))
    .addOption(new Option('--max-429 <n>', describeOption('crawlMax429')))
    .addOption(new Option('--page-size <n>', describeOption('crawlPageSize')))
    .addOption(new Option('--max-pages <n>', describeOption('crawlMaxPages')))
    .addOption(new Option('--max-data-bytes <n>', describeOption('crawlMaxDataBytes')))
    .addOption(new Option('--max-output-bytes <n>', describeOption('crawlMaxOutputBytes')))
    .addOption(new Option('--allow <slug...>', describeOption('crawlAllow')))
    .addOption(new Option('--deny <slug...>', describeOption('crawlDeny')));
}

const FLAGS: [keyof CrawlFlags, ConfigKey, string][] = [
  ['minMedal', 'minMedal', '--min-medal'],
  ['kaggleApi', 'kaggleApi', '--kaggle-api'],
  ['kernelOutputRoot', 'kernelOutputRoot', '--kernel-output-root'],
  ['delayMs', 'crawlDelayMs', '--delay-ms'],
  ['timeoutMs', 'crawlTimeoutMs', '--timeout-ms'],
  ['retries', 'crawlRetries', '--retries'],
  ['backoffMs', 'crawlBackoffMs', '--backoff-ms'],
  ['rateLimitMs', 'crawlRateLimitMs', '--rate-limit-ms'],
  ['max429', 'crawlMax429', '--max-429'],
  ['pageSize', 'crawlPageSize', '--page-size'],
  ['maxPages', 'crawlMaxPages', '--max-pages'],
  ['maxDataBytes', 'crawlMaxDataBytes', '--max-data-bytes'],
  ['maxOutputBytes', 'crawlMaxOutputBytes', '--max-output-bytes'],
];

/**
 * The config overrides the flags carry (flags win over the environment). Each flag is checked here
 * so that a bad value is reported under the flag's own name.
 */
export function crawlConfigOverrides(flags: CrawlFlags): Partial<Record<ConfigKey, unknown>> {
  const out: Partial<Record<ConfigKey, unknown>> = {};
  for (const [flag, key, name] of FLAGS) {
    const value = flags[flag];
    if (value === undefined) continue;
    const spec = CONFIG_FIELDS[key];
    const parsed = (spec.schema as { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }).safeParse(value);
    if (!parsed.success) throw new UsageError(`invalid ${name}: ${JSON.stringify(value)} (${parsed.error?.issues[0]?.message ?? 'invalid value'}; expected ${spec.description})`);
    out[key] = value;
  }
  if (flags.allow) out.crawlAllow = flags.allow.join(',');
  if (flags.deny) out.crawlDeny = flags.deny.join(',');
  return out;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

function slug(value: string): string {
  const s = value.trim().toLowerCase();
  if (!SLUG.test(s)) throw new UsageError(`--competition must be a Kaggle slug (lower-case letters, digits, hyphens), got "${value}"`);
  return s;
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number from 1 up, got "${value}"`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function crawlOptions(flags: CrawlFlags, config: Config): CrawlOptions {
  const competitions = flags.competition?.map(slug);
  return {
    competitions,
    search: flags.search,
    minMedal: config.minMedal,
    maxCompetitions: count(flags.maxCompetitions, '--max-competitions'),
    maxKernels: count(flags.maxKernels, '--max-kernels'),
    data: flags.data,
    outputs: flags.outputs,
    refreshCompetitions: flags.refreshCompetitions ?? false,
    dataRoot: config.dataRoot,
    kernelOutputRoot: config.kernelOutputRoot,
    maxDataBytes: config.crawlMaxDataBytes,
    maxOutputBytes: config.crawlMaxOutputBytes,
    pageSize: config.crawlPageSize,
    maxPages: config.crawlMaxPages,
    allow: list(config.crawlAllow),
    deny: list(config.crawlDeny),
  };
}
