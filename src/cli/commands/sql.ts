import { Option, type Command } from 'commander';
import { buildContext } from '../context.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../format.js';
import { UsageError, UserSqlError } from '../../errors.js';
import type { SetExit } from './index.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function register(program: Command, _setExit: SetExit): void {
  program
    .command('sql')
    .description('run SQL over the corpus (read-only unless --write)')
    .argument('[query]', 'SQL text; read from stdin when absent')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS as string[]).default(undefined))
    .option('--write', 'open the corpus for writing (DML/DDL allowed)')
    .addHelpText(
      'after',
      `
Tables and views are documented in docs/corpus.md. Views for common questions:
  v_funnel            per competition: crawled, ingested, executed, ran, reproduced, with verified hooks
  v_notebook_status   per notebook: the furthest stage reached and why it stopped
  v_failure_reasons   failures by stage and reason
  v_steps             steps with their episode's source (kaggle | synthetic)

Examples:
  hookmine sql "select competition, count(*) from notebooks group by 1"
  hookmine sql --format csv "select * from v_funnel" > funnel.csv
  echo "select reason, message from ingest_failures" | hookmine sql --format jsonl`,
    )
    .action(async (query: string | undefined, opts: { format?: OutputFormat; write?: boolean }, command: Command) => {
      const ctx = buildContext(command);
      const format: OutputFormat = opts.format ?? (ctx.json ? 'json' : 'table');
      let sql = query;
      if (sql === undefined) {
        if (process.stdin.isTTY) throw new UsageError('no query: pass it as an argument or on stdin');
        sql = await readStdin();
      }
      if (sql.trim() === '') throw new UsageError('the query is empty');
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { formatResult } = await import('../format.js');
      const corpus = await Corpus.open(ctx.config.db, { readOnly: !opts.write });
      try {
        let result;
        try {
          result = await corpus.runUserSql(sql);
        } catch (error) {
          const hint = !opts.write && /read-only/i.test((error as Error).message) ? ' (pass --write to modify the corpus)' : '';
          throw new UserSqlError(`${(error as Error).message}${hint}`, { cause: error });
        }
        process.stdout.write(formatResult(result, format));
      } finally {
        corpus.close();
      }
    });
}
