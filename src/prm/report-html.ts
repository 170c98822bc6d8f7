// report.html: learning curves (loss and validation AUROC per epoch, PRM and outcome-only model),
// the reliability diagram before and after temperature scaling, and the metrics table. Inline SVG,
// no scripts, no external files.
import type { TrainReport } from './artifacts.js';
import type { HistoryEntry } from './trainer.js';
import { AGGREGATIONS, type CalibrationBin, type MetricSet } from './metrics.js';

interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

const W = 460;
const H = 260;
const PAD = { left: 48, right: 12, top: 40, bottom: 36 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (x: number | null | undefined, d = 3) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));

export function lineChart(title: string, series: readonly Series[], yLabel: string, yRange?: [number, number]): string {
  const all = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  const xMax = Math.max(1, ...all.map(([x]) => x));
  // A fixed range still stretches to show every point.
  const yMin = Math.min(yRange ? yRange[0] : 0, ...all.map(([, y]) => y));
  const yMax = yRange ? yRange[1] : Math.max(1e-9, ...all.map(([, y]) => y)) * 1.05;
  const sx = (x: number) => PAD.left + ((x - 1) / Math.max(1, xMax - 1)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - yMin) / (yMax - yMin || 1)) * (H - PAD.top - PAD.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => yMin + f * (yMax - yMin));
  const lines = series
    .map((s) => {
      const pts = s.points.filter(([, y]) => Number.isFinite(y));
      if (pts.length === 0) return '';
      const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
      const dots = pts.map(([x, y]) => `<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`).join('');
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ''}/>${dots}`;
    })
    .join('');
  const legend = series
    .filter((s) => s.name !== '')
    .map((s, i) => `<text x="${PAD.left + 8 + (i % 2) * 190}" y="${PAD.top - 22 + Math.floor(i / 2) * 13}" fill="${s.color}" font-size="11">${s.dashed ? '- - ' : '— '}${esc(s.name)}</text>`)
    .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">
<rect x="${PAD.left}" y="${PAD.top}" width="${W - PAD.left - PAD.right}" height="${H - PAD.top - PAD.bottom}" fill="#fafafa" stroke="#ccc"/>
${ticks.map((t) => `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#eee"/><text x="${PAD.left - 4}" y="${(sy(t) + 4).toFixed(1)}" font-size="10" text-anchor="end">${t.toFixed(2)}</text>`).join('')}
<text x="${W / 2}" y="${H - 6}" font-size="11" text-anchor="middle">epoch (1–${xMax})</text>
<text x="12" y="${H / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${H / 2})">${esc(yLabel)}</text>
${lines}${legend}</svg></figure>`;
}

export function reliabilityDiagram(title: string, before: readonly CalibrationBin[], after: readonly CalibrationBin[]): string {
  const size = 260;
  const pad = 36;
  const s = (v: number) => pad + v * (size - 2 * pad);
  const sy = (v: number) => size - pad - v * (size - 2 * pad);
  const bars = (bins: readonly CalibrationBin[], color: string, offset: number) =>
    bins
      .filter((b) => b.count > 0)
      .map((b) => {
        const width = (s(b.upper) - s(b.lower)) / 2 - 1;
        return `<rect x="${(s(b.lower) + offset * width).toFixed(1)}" y="${sy(b.accuracy).toFixed(1)}" width="${width.toFixed(1)}" height="${(sy(0) - sy(b.accuracy)).toFixed(1)}" fill="${color}" opacity="0.75"><title>${b.lower.toFixed(1)}–${b.upper.toFixed(1)}: ${b.count} steps, accuracy ${b.accuracy.toFixed(3)}, mean confidence ${b.meanProbability.toFixed(3)}</title></rect>`;
      })
      .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img" aria-label="${esc(title)}">
<rect x="${pad}" y="${pad}" width="${size - 2 * pad}" height="${size - 2 * pad}" fill="#fafafa" stroke="#ccc"/>
<line x1="${s(0)}" y1="${sy(0)}" x2="${s(1)}" y2="${sy(1)}" stroke="#888" stroke-dasharray="4,3"/>
${[0, 0.5, 1].map((t) => `<text x="${s(t)}" y="${sy(0) + 12}" font-size="10" text-anchor="middle">${t}</text><text x="${s(0) - 4}" y="${sy(t) + 4}" font-size="10" text-anchor="end">${t}</text>`).join('')}
${bars(before, '#c77', 0)}${bars(after, '#37a', 1)}
<text x="${size / 2}" y="${size - 6}" font-size="11" text-anchor="middle">predicted probability the step is right</text>
<text x="10" y="${size / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 10 ${size / 2})">share right</text>
<text x="${pad + 4}" y="${pad - 8}" font-size="11" fill="#c77">before</text><text x="${pad + 60}" y="${pad - 8}" font-size="11" fill="#37a">after temperature scaling</text>
</svg></figure>`;
}

function table(prm: MetricSet, baselines: Record<string, MetricSet>): string {
  const rows = [['PRM', prm] as const, ...Object.entries(baselines)];
  const head = ['scorer', 'ProcessBench F1', 'step AUROC', 'ECE', ...AGGREGATIONS.map((a) => `BoN ${a}`)];
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      ([name, m]) =>
        `<tr><td>${esc(name.replace(/_/g, ' '))}</td><td>${fmt(m.processbench_f1)}</td><td>${fmt(m.step_auroc)}</td><td>${fmt(m.ece)}</td>${AGGREGATIONS.map((a) => `<td>${fmt(m.best_of_n[a])}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

export function renderReport(r: TrainReport): string {
  const pts = (h: readonly { epoch: number }[], key: 'train_loss' | 'val_loss' | 'val_auroc') =>
    h.map((e) => [e.epoch, (e as unknown as Record<string, number | null>)[key] ?? NaN] as [number, number]);
  // One line per network of the ensemble; the legend names the first network's lines only.
  const each = (list: readonly (readonly HistoryEntry[])[], name: string, color: string, key: 'train_loss' | 'val_loss' | 'val_auroc', dashed = false) =>
    list.map((h, i) => ({ name: i === 0 ? name : '', color, points: pts(h, key), dashed }));
  const loss = lineChart(
    'Loss per epoch',
    [
      ...each(r.history.prm, 'PRM train', '#37a', 'train_loss'),
      ...each(r.history.prm, 'PRM validation', '#37a', 'val_loss', true),
      ...each(r.history.outcome_only, 'outcome train', '#c77', 'train_loss'),
      ...each(r.history.outcome_only, 'outcome val.', '#c77', 'val_loss', true),
    ],
    'binary cross-entropy',
  );
  const auc = lineChart(
    `Validation AUROC per epoch (PRM: steps; outcome-only: final answers)${r.members.length > 1 ? `; one line per network of ${r.members.length}` : ''}`,
    [...each(r.history.prm, 'PRM', '#37a', 'val_auroc'), ...each(r.history.outcome_only, 'outcome-only', '#c77', 'val_auroc')],
    'AUROC',
    [0.4, 1],
  );
  const splits = Object.entries(r.bySplit)
    .map(([s, e]) => `<h3>${esc(s)}</h3>${table(e.prm, e.baselines)}`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hookmine PRM ${esc(r.trainId)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1000px}figure{display:inline-block;margin:8px}figcaption{font-weight:600}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}</style>
</head><body>
<h1>hookmine step verifier ${esc(r.trainId)}</h1>
<p>Backend <b>${esc(r.backend)}</b>, embedding ${esc(r.embed.provider)} (${esc(r.embed.model)}, ${r.embed.dim} dims), ${r.settings.epochs} epochs, ${fmt(r.updatesPerSecond, 2)} updates/s, ${Math.round(r.seconds)} s.
${r.members.length > 1 ? `An ensemble of ${r.members.length} networks (seeds ${r.members.map((m) => m.seed).join(', ')}). Temperatures` : 'Temperature'} ${r.members.map((m) => fmt(m.temperature)).join(', ')}; ECE ${fmt(r.calibration.eceBefore)} before, ${fmt(r.calibration.eceAfter)} after.</p>
${loss}${auc}
${reliabilityDiagram('Calibration on the evaluation steps', r.calibration.binsBefore, r.calibration.binsAfter)}
<h2>Evaluation (${esc(r.data.evaluated.join(' + '))})</h2>
${table(r.overall.prm, r.overall.baselines)}
${splits}
${r.audit ? `<h2>Shortcut audit (probe on code tokens, no values)</h2><p>AUROC of telling a mutant's wrong step from a right step at the same place; target at most ${r.audit.target}.</p><table><tr><th>where</th><th>AUROC</th><th>wrong</th><th>right</th></tr>${[...Object.entries(r.audit.by_split).map(([k, c]) => [`split ${k}`, c] as const), ...Object.entries(r.audit.by_family).map(([k, c]) => [`family ${k}`, c] as const), ...Object.entries(r.audit.by_operator).map(([k, c]) => [`operator ${k}`, c] as const)].map(([k, c]) => `<tr><td>${esc(k)}</td><td>${fmt(c.auroc)}</td><td>${c.positives}</td><td>${c.negatives}</td></tr>`).join('')}</table>` : ''}
</body></html>
`;
}
