// Run the Kaggle-compatible server from a folder, by hand or from a script:
//   node dist/src/kaggle-server/main.js <folder> [--port 8123] [--token <bearer token>]
// It prints its base URL (for HOOKMINE_KAGGLE_API) on stdout and serves until stopped.
import { loadFolder } from './load-folder.js';
import { startKaggleServer } from './server.js';

async function main(argv: string[]): Promise<number> {
  const root = argv.find((a, i) => !a.startsWith('--') && !['--port', '--token'].includes(argv[i - 1] ?? ''));
  if (!root || argv.includes('--help')) {
    process.stderr.write('usage: node dist/src/kaggle-server/main.js <folder> [--port N] [--token T]\n');
    return root ? 0 : 2;
  }
  const at = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const token = at('--token');
  const server = await startKaggleServer({ data: loadFolder(root), port: Number(at('--port') ?? 0), tokens: token ? [token] : undefined });
  process.stdout.write(`${server.url}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

process.exitCode = await main(process.argv.slice(2));
