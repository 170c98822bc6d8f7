// `hookmine report`: the corpus as an HTML page with charts, plus PNG pictures of each chart.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Corpus } from '../../corpus/corpus.js';
import { readReportData, type ReportData } from '../../corpus/report.js';
import { renderReport } from './html.js';
import { renderPictures, type RenderedPictures } from './png.js';

export interface ReportResult {
  html: string;
  charts: string[];
  pictures?: RenderedPictures;
  picturesError?: string;
  data: ReportData;
}

export async function writeReport(corpus: Corpus, out: string, options: { png: boolean }): Promise<ReportResult> {
  const file = resolve(out);
  mkdirSync(dirname(file), { recursive: true });
  const data = await readReportData(corpus);
  const { html, charts } = renderReport(data, { db: corpus.path, generatedAt: new Date() });
  writeFileSync(file, html);
  const result: ReportResult = { html: file, charts, data };
  if (options.png) {
    const dir = join(dirname(file), `${basename(file, '.html')}-png`);
    mkdirSync(dir, { recursive: true });
    try {
      result.pictures = await renderPictures(file, dir, charts);
    } catch (error) {
      result.picturesError = (error as Error).message;
    }
  }
  return result;
}
