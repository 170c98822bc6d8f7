// Ctrl-C and SIGTERM during a crawl: the first one stops at the next step (the run is recorded as
// interrupted and the next crawl resumes it); a second one quits at once.
import type { Logger } from '../log.js';

export function abortOnSignals(logger: Logger): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let count = 0;
  const handler = (name: NodeJS.Signals) => {
    count += 1;
    if (count > 1) process.exit(130);
    logger.warn(`${name}: stopping after the current step (send it again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
