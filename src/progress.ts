// Progress on a terminal: one redrawn line with count, share, rate and ETA. Off when stderr is
// not a TTY (CI logs, pipes) or when --json asks for machine output; the summary is printed anyway.
export interface Progress {
  /** one item done; `label` names what is being worked on */
  tick(label?: string, n?: number): void;
  /** show what is running now without counting it */
  status(label: string): void;
  setTotal(total: number): void;
  /** erase the line (before other output) */
  clear(): void;
  done(): void;
}

export interface ProgressOptions {
  title: string;
  total?: number;
  stream?: NodeJS.WriteStream;
  enabled?: boolean;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled ?? Boolean(stream.isTTY);
  let total = options.total ?? 0;
  let count = 0;
  let label = '';
  let lastDraw = 0;
  let drawn = false;
  const started = Date.now();

  const draw = (force = false) => {
    if (!enabled) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const elapsed = (now - started) / 1000;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    let line = `${options.title} ${count}`;
    if (total > 0) {
      const share = Math.min(1, count / total);
      const barWidth = 20;
      const filled = Math.round(share * barWidth);
      const eta = count > 0 ? (elapsed / count) * (total - count) : Infinity;
      line = `${options.title} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${count}/${total} ${Math.round(share * 100)}% ${formatSeconds(elapsed)} eta ${formatSeconds(eta)}`;
    } else {
      line += ` ${formatSeconds(elapsed)}`;
    }
    if (label) line += `  ${label}`;
    if (line.length > width) line = `${line.slice(0, width - 1)}…`;
    stream.write(`\r\x1b[2K${line}`);
    drawn = true;
  };

  return {
    tick(itemLabel, n = 1) {
      count += n;
      if (itemLabel !== undefined) label = itemLabel;
      draw(count === total);
    },
    status(itemLabel) {
      label = itemLabel;
      draw();
    },
    setTotal(t) {
      total = t;
      draw(true);
    },
    clear() {
      if (enabled && drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
    done() {
      if (enabled && drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
