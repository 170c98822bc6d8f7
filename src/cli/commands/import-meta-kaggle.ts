import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { buildContext } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, _setExit: SetExit): void {
  program
    .command('import-meta-kaggle')
    .description("load Meta Kaggle's CSVs: real notebook medals, kernel versions and their competitions")
    .argument('<dir>', 'folder with Kernels.csv, KernelVersions.csv, KernelVersionCompetitionSources.csv, Competitions.csv, CompetitionTags.csv, Tags.csv, Users.csv')
    .addOption(new Option('--allow <slug...>', describeOption('crawlAllow')))
    .addOption(new Option('--deny <slug...>', describeOption('crawlDeny')))
    .addHelpText(
      'after',
      `
Meta Kaggle is Kaggle's public metadata dump (kaggle.com/datasets/kaggle/meta-kaggle). Columns are
read by name, so newer dumps with extra columns work. Only kernels with a version attached to a
competition are kept. Afterwards:
  - notebooks Meta Kaggle knows (by Kaggle id or owner/slug) get medal_source 'meta-kaggle' and its
    medal (Kernels.Medal: 1 gold, 2 silver, 3 bronze, empty none) instead of the votes proxy;
  - the crawler uses those medals for --min-medal;
  - \`hookmine ingest\` recognises Meta Kaggle Code files (<4 digits>/<3 digits>/<KernelVersionId>.<ext>)
    and links each to its competition and kernel.
Importing a newer dump again replaces the older rows.

Examples:
  hookmine import-meta-kaggle ~/data/meta-kaggle
  hookmine sql "select medal, count(*) from meta_kaggle_kernels group by 1"`,
    )
    .action(async (dir: string, opts: { allow?: string[]; deny?: string[] }, command: Command) => {
      const ctx = buildContext(command, { crawlAllow: opts.allow?.join(','), crawlDeny: opts.deny?.join(',') });
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { importMetaKaggle, findMetaKaggleFiles } = await import('../../../crawlers/meta-kaggle.js');
      const { packageVersion } = await import('../../paths.js');
      const split = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      findMetaKaggleFiles(dir); // a wrong folder is reported before the corpus is touched
      const corpus = await Corpus.open(ctx.config.db);
      try {
        const runId = await startRun(corpus, 'import-meta-kaggle', { dir }, packageVersion());
        const progress = ctx.progress('import-meta-kaggle');
        progress.status('loading CSVs');
        let summary;
        try {
          summary = await importMetaKaggle(corpus, dir, { runId, allow: split(ctx.config.crawlAllow), deny: split(ctx.config.crawlDeny) });
        } catch (error) {
          await finishRun(corpus, runId, 'failed', { error: String(error) });
          throw error;
        } finally {
          progress.done();
        }
        await finishRun(corpus, runId, 'ok', summary);
        ctx.emitJson({ run_id: runId, db: corpus.path, ...summary });
        const m = summary.medals;
        ctx.print(`import-meta-kaggle: ${summary.kernels} kernels (${m.gold} gold, ${m.silver} silver, ${m.bronze} bronze), ${summary.kernel_versions} kernel versions, ${summary.competitions} competitions`);
        ctx.print(`  notebooks given Meta Kaggle's medal: ${summary.notebooks_updated}`);
        ctx.print(`  competition verdicts: ${summary.verdicts.tabular} tabular, ${summary.verdicts.not_tabular} not tabular, ${summary.verdicts.undecided} left to the crawler (needs the data files)`);
        ctx.print(`corpus: ${corpus.path}`);
      } finally {
        corpus.close();
      }
    });
}
