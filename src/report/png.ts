// Pictures of the report: each chart and the whole page as PNG, rendered by headless Chromium
// (Debian's `chromium`, driven by playwright-core). Chromium is launched offline and quiet.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UnavailableError } from '../errors.js';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumPath(): string | undefined {
  for (const p of [process.env.HOOKMINE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) if (p && existsSync(p)) return p;
  return undefined;
}

export interface RenderedPictures {
  page: string;
  charts: Record<string, string>;
  /** chart id -> number of drawn bars (a chart with data draws at least one) */
  bars: Record<string, number>;
}

export async function renderPictures(htmlFile: string, outDir: string, chartIds: readonly string[]): Promise<RenderedPictures> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new UnavailableError('chromium', 'no Chromium found (install Debian\'s chromium, or set HOOKMINE_CHROMIUM)');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`file://${htmlFile}`);
    const charts: Record<string, string> = {};
    const bars: Record<string, number> = {};
    for (const id of chartIds) {
      const element = page.locator(`svg#${id}`);
      const file = join(outDir, `${id}.png`);
      await element.screenshot({ path: file });
      charts[id] = file;
      // counted in the page: bars Chromium actually laid out with a width
      bars[id] = await page.evaluate<number>(`[...document.querySelectorAll('svg#${id} rect.bar')].filter((r) => r.getBBox().width > 0).length`);
    }
    const pageFile = join(outDir, 'report.png');
    await page.screenshot({ path: pageFile, fullPage: true });
    return { page: pageFile, charts, bars };
  } finally {
    await browser.close();
  }
}
