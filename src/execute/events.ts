// The runner's event log (one JSON line per cell start/end) -> per-cell results, the exception,
// and what was running when the run ended. Lines cut off by a kill are ignored.
import type { CellResult, DisplayOutput, RunCell, RunError } from './types.js';

interface EndEvent {
  event: 'end';
  cell: number;
  status: 'ok' | 'error';
  duration_ms?: number;
  cpu_ms?: number;
  rss_kb?: number;
  stdout?: string;
  stdout_bytes?: number;
  stderr?: string;
  stderr_bytes?: number;
  display?: DisplayOutput[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
  module?: string;
  filename?: string;
  lineno?: number;
  limit?: string;
}

interface DoneEvent {
  event: 'done';
  completed: boolean;
  cpu_ms: number;
  peak_rss_kb: number;
  ipython_shim_used: boolean;
  versions: Record<string, string | null>;
}

/** A module the notebook imported that is not installed, bound to a placeholder (hookmine_placeholders.py). */
export interface PlaceholderEvent {
  event: 'deviation';
  kind: 'module_placeholder';
  module: string;
  cell: number | null;
}

export interface ParsedEvents {
  cells: CellResult[];
  placeholders: PlaceholderEvent[];
  error: RunError | null;
  done: DoneEvent | null;
  runningCell: number | null;
  limit: string | null;
  cpuMs: number | null;
  peakRssKb: number | null;
}

export function parseEvents(text: string, requested: readonly RunCell[], timedOut: boolean): ParsedEvents {
  const ends = new Map<number, EndEvent>();
  const started = new Set<number>();
  let done: DoneEvent | null = null;
  let lastEnd: EndEvent | null = null;
  const placeholders: PlaceholderEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let record: { event?: string; cell?: number };
    try {
      record = JSON.parse(line) as typeof record;
    } catch {
      continue; // a line cut off by a kill
    }
    if (record.event === 'start' && typeof record.cell === 'number') started.add(record.cell);
    else if (record.event === 'end') {
      const end = record as EndEvent;
      ends.set(end.cell, end);
      lastEnd = end;
    } else if (record.event === 'done') done = record as DoneEvent;
    else if (record.event === 'deviation' && (record as { kind?: string }).kind === 'module_placeholder') placeholders.push(record as PlaceholderEvent);
  }
  let runningCell: number | null = null;
  let error: RunError | null = null;
  let limit: string | null = null;
  const cells: CellResult[] = requested.map((c) => {
    const end = ends.get(c.cellIndex);
    if (end) {
      if (end.status === 'error' && !error) {
        error = {
          cellIndex: c.cellIndex,
          ename: end.ename ?? 'Error',
          evalue: end.evalue ?? '',
          traceback: (end.traceback ?? []).join(''),
          ...(end.module ? { module: end.module } : {}),
          ...(end.filename ? { filename: end.filename } : {}),
          ...(typeof end.lineno === 'number' ? { lineno: end.lineno } : {}),
        };
        limit = end.limit ?? null;
      }
      return {
        cellIndex: c.cellIndex,
        status: end.status,
        durationMs: end.duration_ms ?? null,
        stdout: end.stdout ?? '',
        stdoutBytes: end.stdout_bytes ?? 0,
        stderr: end.stderr ?? '',
        stderrBytes: end.stderr_bytes ?? 0,
        display: end.display ?? [],
        ename: end.ename ?? null,
        evalue: end.evalue ?? null,
      };
    }
    const wasRunning = started.has(c.cellIndex);
    if (wasRunning) runningCell = c.cellIndex;
    return {
      cellIndex: c.cellIndex,
      status: wasRunning ? (timedOut ? 'timeout' : 'error') : 'not_run',
      durationMs: null,
      stdout: '',
      stdoutBytes: 0,
      stderr: '',
      stderrBytes: 0,
      display: [],
      ename: null,
      evalue: null,
    };
  });
  const last = lastEnd as EndEvent | null;
  const finished = done as DoneEvent | null;
  return {
    cells,
    placeholders,
    error,
    done: finished,
    runningCell,
    limit,
    cpuMs: finished?.cpu_ms ?? last?.cpu_ms ?? null,
    peakRssKb: finished?.peak_rss_kb ?? last?.rss_kb ?? null,
  };
}
