// The host's processes whose command line contains a marker: how the sandbox tests see whether a
// process started inside a sandbox outlived it.
import { readdirSync, readFileSync } from 'node:fs';

export function hostProcessesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}
