// The hookmine command line. Each subcommand lives in its own file under commands/ and imports its
// heavy dependencies (DuckDB, TF.js, Docker) only when it runs, so `--help` stays fast.
import { Command, CommanderError, Option } from 'commander';
import { describeOption } from '../config.js';
import { errorMessage, exitCodeFor } from '../errors.js';
import { packageVersion } from '../paths.js';
import { redact } from '../secrets.js';
import { EXIT } from './context.js';
import { registerCommands } from './commands/index.js';
import { closeQueue, openQueueFor, queueSummary, queueSummaryLine } from './queue.js';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('hookmine')
    .description('Turn real Kaggle notebooks into execution-verified, step-labelled training data for process reward models.')
    .version(packageVersion(), '-V, --version')
    .addOption(new Option('--db <file>', describeOption('db')))
    .addOption(new Option('--data-root <dir>', describeOption('dataRoot')))
    .addOption(new Option('--log-file <file>', describeOption('logFile')))
    .option('--json', 'print a machine-readable summary on stdout')
    .option('-v, --verbose', 'more messages on stderr')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addHelpText(
    'after',
    `
Exit codes: 0 everything succeeded, 1 some items failed (the rest were processed), 2 usage error or unusable input.
Every option also reads an environment variable (see each --help); flags win over the environment.`,
  );
  registerCommands(program, setExit);
  // --queue: the command becomes the coordinator of a job queue (src/cli/queue.ts)
  program.hook('preAction', (_program, action) => openQueueFor(action));
  program.hook('postAction', async (_program, action) => {
    const summary = queueSummary();
    if (summary && !action.optsWithGlobals<{ json?: boolean }>().json) process.stdout.write(`${queueSummaryLine(summary)}\n`);
    await closeQueue();
  });
  return program;
}

/** Run the CLI; resolves to the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => (code = Math.max(code, c)));
  program.commands.forEach((c) => c.exitOverride());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end in a CommanderError with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const verbose = argv.includes('--verbose') || argv.includes('-v');
    process.stderr.write(`hookmine: ${redact(errorMessage(error))}\n`);
    if (verbose && error instanceof Error && error.stack) process.stderr.write(`${redact(error.stack)}\n`);
    return exitCodeFor(error);
  } finally {
    await closeQueue();
  }
}
