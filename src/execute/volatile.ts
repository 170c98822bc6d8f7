// Which recorded outputs can honestly be compared with a re-run. Timings, progress bars, memory
// addresses, figure and object reprs, and estimator reprs change with the clock, the machine or
// the library version, not with the analysis: they are set aside (and counted), not compared.

/** A whole output that is not comparable, with the reason, or null when it is comparable. */
export function volatileOutput(text: string, mimes: readonly string[] = []): string | null {
  const t = text.trim();
  if (t === '') return 'empty';
  if (mimes.some((m) => /plotly|widget|bokeh|vega|javascript/i.test(m))) return 'interactive figure';
  if (/^<Figure size [\d.]+x[\d.]+ with \d+ Axes>$/.test(t)) return 'figure';
  if (/^\[?\s*<[^<>]*>(,\s*<[^<>]*>)*\s*\]?$/s.test(t)) return 'object repr';
  if (/^(Text|Line2D|Rectangle|Legend)\(.*\)$/s.test(t) || /^\[(Text|<matplotlib)\(?/.test(t)) return 'plot artist';
  if (/^(?:Figure|FacetGrid|PairGrid|JointGrid)\(/.test(t)) return 'figure';
  if (ESTIMATOR.test(t)) return 'estimator repr (depends on the library version)';
  return null;
}

// Estimator reprs: sklearn prints parameters differently across versions (changed-only since 0.23).
const ESTIMATOR =
  /^(?:[A-Z]\w*(?:Classifier|Regressor|Regression|CV|Pipeline|Transformer|Scaler|Encoder|Imputer|Selector|Selection|KMeans|SVC|SVR|PCA|Booster|Estimator|Vectorizer|Forest|Tree|NB|Lasso|Ridge|ElasticNet|KFold|Split|Means|Boost|Model|Net)|XGB\w+|LGBM\w+|CatBoost\w+|SVC|SVR|PCA|LinearSVC|Pipeline)\([\s\S]*\)$/;

const TIMING = /(?:\bCPU times\b|\bWall time\b|\belapsed\b|\btook\b|\btime taken\b|\bruntime\b|\bseconds?\b|\bsecs?\b|\bms\b|\bµs\b|\bit\/s\b|\bs\/it\b|\d(?:\.\d+)?\s*(?:s|ms|min)\b)/i;
const PROGRESS = /\r|█|▏|\d+%\|[^|]*\||\[\s*[=>.]+\s*\]|\bETA\b|\bEpoch \d+\/\d+/;

/** Whether one line of printed output is volatile (timing, progress), and why. */
export function volatileLine(line: string): string | null {
  if (PROGRESS.test(line)) return 'progress';
  if (/\d/.test(line) && TIMING.test(line)) return 'timing';
  return null;
}

export interface FilteredText {
  text: string;
  /** lines set aside, by reason */
  dropped: Record<string, number>;
}

/** Printed text with volatile lines removed and memory addresses masked. */
export function filterVolatileText(text: string): FilteredText {
  const dropped: Record<string, number> = {};
  const kept: string[] = [];
  // A carriage return redraws the line: only what is left after the last \r is on screen.
  for (const raw of text.replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.includes('\r') ? (raw.split('\r').pop() ?? '') : raw;
    const why = raw.includes('\r') ? 'progress' : volatileLine(line);
    if (why) {
      dropped[why] = (dropped[why] ?? 0) + 1;
      continue;
    }
    kept.push(line.replace(/\b0x[0-9a-fA-F]{6,}\b/g, '0x…'));
  }
  return { text: kept.join('\n'), dropped };
}
