import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { UsageError } from '../../errors.js';
import { buildContext } from '../context.js';
import type { SetExit } from './index.js';

interface WorkerFlags {
  queue?: string;
  jobs?: string;
  name?: string;
  sandbox?: string;
  python?: string;
  dockerImage?: string;
}

export function register(program: Command, _setExit: SetExit): void {
  program
    .command('worker')
    .description('take sandbox runs from a Redis job queue, run them on this machine, and send their results back (run it on any number of machines)')
    .addOption(new Option('--queue <url>', describeOption('queue')))
    .addOption(new Option('--jobs <n>', describeOption('jobs')))
    .option('--name <name>', 'how the coordinator\'s summary names this worker (default host:pid)')
    .addOption(new Option('--sandbox <kind>', describeOption('sandbox')).choices(['local', 'docker']))
    .addOption(new Option('--python <path>', describeOption('python')))
    .addOption(new Option('--docker-image <image>', describeOption('dockerImage')))
    .addHelpText(
      'after',
      `
A worker runs every stage's sandbox runs (execute's reference runs, repair attempts, verify's
hooked runs, label's mutant runs, synth's template programs in warm pools of its own) that a coordinator (any of those commands, or \`hookmine run\`,
with --queue) puts on the queue. It reads a run's competition data from <data-root>/<slug>/ (a
shared mount, or a copy fetched here with \`hookmine crawl --competition <slug>\`); a run whose
data is missing here ends with reason data_missing and is not retried. A worker never opens the
corpus and needs no Kaggle or OpenAI credentials. It runs until stopped (Ctrl-C or SIGTERM let
the running jobs finish; a worker killed outright has its jobs run again by another worker).

Examples:
  hookmine worker --queue redis://127.0.0.1:6379 --data-root /mnt/kaggle-data --jobs 4
  HOOKMINE_QUEUE='redis://:s3cret@queue.internal:6379' hookmine worker --jobs 8
  hookmine worker --queue rediss://:s3cret@queue.example.com:6380 --name gpu-box-1
See docs/scale.md for several machines and a compose.yaml.`,
    )
    .action(async (opts: WorkerFlags, command: Command) => {
      const ctx = buildContext(command, { queue: opts.queue, jobs: opts.jobs, sandbox: opts.sandbox, python: opts.python, dockerImage: opts.dockerImage });
      const { config } = ctx;
      if (!config.queue) throw new UsageError('hookmine worker needs a queue: --queue redis://host:port (or HOOKMINE_QUEUE)');
      const { openConfiguredSandbox } = await import('../../sandbox/index.js');
      const { startWorker } = await import('../../queue/worker.js');
      const { redactUrl } = await import('../../queue/connection.js');
      const sandbox = await openConfiguredSandbox(config);
      let runs = 0;
      const worker = await startWorker({
        url: config.queue,
        sandbox,
        dataRoot: config.dataRoot,
        jobs: config.jobs,
        name: opts.name,
        lockMs: config.queueLockMs,
        python: config.python,
        logger: ctx.logger,
        onRun: (line) => {
          runs++;
          ctx.print(`ran ${line}`);
        },
      });
      ctx.print(`worker ${worker.name}: waiting for runs on ${redactUrl(config.queue)} (${config.jobs} at once, ${config.sandbox} sandbox, data root ${config.dataRoot})`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      ctx.print(`worker ${worker.name}: stopping after the running jobs`);
      await worker.close();
      ctx.emitJson({ worker: worker.name, runs });
      ctx.print(`worker ${worker.name}: ${runs} runs answered`);
    });
}
