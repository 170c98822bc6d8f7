// The crawl summary in words, and the exit code it means.
import type { CrawlSummary } from '../../crawlers/crawl-context.js';

function bytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export function crawlReport(s: CrawlSummary): string[] {
  const c = s.competitions;
  const n = s.notebooks;
  const lines = [
    `crawl ${s.status}${s.resumed ? ' (resumed an interrupted crawl)' : ''}: ${c.listed} competitions, ${c.tabular} tabular crawled, ${c.not_tabular} not tabular` +
      (c.already_done ? `, ${c.already_done} already done in this crawl` : '') +
      (c.failed ? `, ${c.failed} failed` : ''),
    `  notebooks: ${n.candidates} medal-tier listed, ${n.new} new, ${n.unchanged} unchanged since the last crawl` +
      (n.same_source ? `, ${n.same_source} re-fetched with the same source` : '') +
      `, ${n.failed} failed`,
    `  kernel outputs: ${s.outputs.files} files (${bytes(s.outputs.bytes)}) from ${s.outputs.notebooks} notebooks` +
      (s.outputs.skipped ? `, ${s.outputs.skipped} skipped` : '') +
      (s.outputs.failed ? `, ${s.outputs.failed} failed` : ''),
    `  competition data: ${s.data.downloaded} downloaded (${bytes(s.data.bytes)}${s.data.resumed_bytes ? `, ${bytes(s.data.resumed_bytes)} resumed` : ''}), ${s.data.cached} cached` +
      (s.data.skipped ? `, ${s.data.skipped} skipped` : '') +
      (s.data.failed ? `, ${s.data.failed} failed` : ''),
    `  requests: ${s.requests.requests} (${s.requests.retries} retries, ${s.requests.rateLimited} HTTP 429, ${(s.requests.backoffMs / 1000).toFixed(1)} s back-off) in ${(s.elapsed_ms / 1000).toFixed(1)} s`,
  ];
  for (const f of s.failures.slice(0, 20)) lines.push(`  failed ${f.item}: ${f.reason}${f.http_status ? ` (HTTP ${f.http_status})` : ''}`);
  if (s.failures.length > 20) lines.push(`  ... and ${s.failures.length - 20} more (crawl_items where status = 'failed')`);
  if (s.error) lines.push(`  stopped: ${s.error}`);
  return lines;
}

/** 0 all done, 1 some items failed or the crawl stopped early (paused, interrupted), 2 bad credentials. */
export function crawlExitCode(s: CrawlSummary): number {
  if (s.status === 'ok') return 0;
  if (s.status === 'failed' && s.failures.length === 0 && /HTTP 401/.test(s.error ?? '')) return 2;
  return 1;
}
