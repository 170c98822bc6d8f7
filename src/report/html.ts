// The report page: headline numbers, then one chart per question (funnel, failure reasons, hooks
// per notebook, episodes, labels, templates, PRM against baselines) and the per-notebook table.
import type { ReportData } from '../../corpus/report.js';
import { PALETTE, barChart, escapeXml } from './charts.js';

export interface RenderedReport {
  html: string;
  /** ids of the charts on the page, in order */
  charts: string[];
}

/** Numeric metrics as `path -> value`, nested objects flattened with dots. */
export function flattenMetrics(value: unknown, prefix = ''): Map<string, number> {
  const out = new Map<string, number>();
  if (typeof value === 'number' && Number.isFinite(value)) out.set(prefix, value);
  else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) for (const [kk, vv] of flattenMetrics(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  }
  return out;
}

/** The splits the trainer evaluated on, as metrics.json names them ("test + heldout splits"). */
function evaluatedOn(training: ReportData['training']): string {
  const on = (training?.metrics as { evaluated_on?: string[] } | undefined)?.evaluated_on;
  return on?.length ? `${on.join(' + ')} split${on.length > 1 ? 's' : ''}` : 'evaluation split';
}

function prmChart(training: ReportData['training']): string | undefined {
  const metrics = training?.metrics as { prm?: unknown; baselines?: Record<string, unknown>; evaluated_on?: string[] } | undefined;
  if (!metrics?.prm) return undefined;
  const prm = flattenMetrics(metrics.prm);
  const baselines = Object.entries(metrics.baselines ?? {}).map(([name, m]) => [name, flattenMetrics(m)] as const);
  // rates only (0..1), and only metrics at least one baseline also reports
  const keys = [...prm.keys()].filter((k) => (prm.get(k) ?? 2) >= 0 && (prm.get(k) ?? 2) <= 1 && baselines.some(([, b]) => b.has(k))).slice(0, 14);
  if (keys.length === 0) return undefined;
  return barChart({
    id: 'chart-prm',
    title: `PRM against baselines (${evaluatedOn(training)}, backend ${training?.backend ?? '?'})`,
    categories: keys,
    series: [
      { name: 'PRM', values: keys.map((k) => prm.get(k) ?? 0), color: PALETTE[0] as string },
      ...baselines.map(([name, b], i) => ({ name, values: keys.map((k) => b.get(k) ?? 0), color: PALETTE[(i + 2) % PALETTE.length] as string })),
    ],
    max: 1,
  });
}

function auditChart(training: ReportData['training']): string | undefined {
  type Cell = { auroc: number | null };
  const audit = (training?.metrics as { audit?: { by_split: Record<string, Cell>; by_family: Record<string, Cell>; by_operator: Record<string, Cell> } | null } | undefined)?.audit;
  if (!audit) return undefined;
  const cells = [
    ...Object.entries(audit.by_split).map(([k, c]) => [`split ${k}`, c] as const),
    ...Object.entries(audit.by_family).slice(0, 6).map(([k, c]) => [k, c] as const),
    ...Object.entries(audit.by_operator).slice(0, 6).map(([k, c]) => [k, c] as const),
  ].filter(([, c]) => c.auroc !== null);
  if (cells.length === 0) return undefined;
  return barChart({
    id: 'chart-audit',
    title: 'Shortcut audit: probe AUROC on code tokens alone (splits, worst families, worst operators)',
    categories: cells.map(([k]) => k),
    series: [{ name: 'AUROC', values: cells.map(([, c]) => c.auroc ?? 0), color: PALETTE[5] as string }],
    max: 1,
  });
}

function table(headers: string[], rows: (string | number | null)[][]): string {
  const head = headers.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c === null ? '' : String(c))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderReport(data: ReportData, meta: { db: string; generatedAt: Date }): RenderedReport {
  const t = data.totals;
  const charts: string[] = [];
  const sections: string[] = [];
  const add = (svg: string | undefined, note = '') => {
    if (!svg) return;
    charts.push(/id="([^"]+)"/.exec(svg)?.[1] ?? '');
    sections.push(`<section class="card">${svg}${note ? `<p class="note">${note}</p>` : ''}</section>`);
  };
  const stages = ['crawled', 'ingested', 'executed', 'ran', 'reproduced', 'with_verified_hooks'] as const;
  add(
    barChart({
      id: 'chart-funnel',
      title: 'Funnel: notebooks reaching each stage (all competitions)',
      categories: stages.map((s) => s.replace(/_/g, ' ')),
      series: [{ name: 'notebooks', values: stages.map((s) => data.funnel.reduce((sum, f) => sum + f[s], 0)), color: PALETTE[0] as string }],
    }),
    'A notebook is reproduced when its run matches what Kaggle recorded (stored outputs, output files); hooks are proposed on notebooks that run.',
  );
  // where each competition's notebooks stop: the stages partition its notebooks
  const stops: [string, (f: ReportData['funnel'][number]) => number, string][] = [
    ['with verified hooks', (f) => f.with_verified_hooks, PALETTE[1] as string],
    ['reproduced, no hooks yet', (f) => f.reproduced - Math.min(f.reproduced, f.with_verified_hooks), PALETTE[5] as string],
    ['ran, not reproduced', (f) => f.ran - f.reproduced, PALETTE[2] as string],
    ['failed', (f) => f.executed - f.ran, PALETTE[3] as string],
    ['not executed', (f) => f.ingested - f.executed, PALETTE[8] as string],
  ];
  add(
    barChart({
      id: 'chart-competitions',
      title: "Per competition: where each notebook's journey ends",
      categories: data.funnel.map((f) => f.competition),
      series: stops.map(([name, fn, color]) => ({ name, values: data.funnel.map((f) => Math.max(0, fn(f))), color })),
      stacked: true,
    }),
  );
  const reasons = [...new Set(data.failures.map((f) => f.reason))];
  const failureStages = [...new Set(data.failures.map((f) => f.stage))];
  add(
    barChart({
      id: 'chart-failures',
      title: 'Why notebooks stop: failure reasons',
      categories: reasons,
      series: failureStages.map((stage, i) => ({
        name: stage,
        values: reasons.map((r) => data.failures.filter((f) => f.stage === stage && f.reason === r).reduce((s, f) => s + f.items, 0)),
        color: PALETTE[(i + 3) % PALETTE.length] as string,
      })),
      stacked: true,
    }),
  );
  add(
    barChart({
      id: 'chart-hooks',
      title: 'Hooks per notebook: verified of proposed',
      categories: data.hooksPerNotebook.map((h) => `${h.title ?? h.notebook_id}`),
      series: [
        { name: 'verified', values: data.hooksPerNotebook.map((h) => h.verified), color: PALETTE[1] as string },
        { name: 'proposed', values: data.hooksPerNotebook.map((h) => h.proposed), color: PALETTE[8] as string },
      ],
    }),
  );
  const kinds = [...new Set(data.episodes.map((e) => e.kind))];
  const sources = [...new Set(data.episodes.map((e) => e.source))];
  add(
    barChart({
      id: 'chart-episodes',
      title: 'Episodes by source and kind',
      categories: sources,
      series: kinds.map((k, i) => ({ name: k, values: sources.map((s) => data.episodes.find((e) => e.source === s && e.kind === k)?.n ?? 0), color: PALETTE[i] as string })),
      stacked: true,
    }),
  );
  const labelNames = ['right', 'wrong', 'unlabelled'];
  const labelSources = [...new Set(data.labels.map((l) => l.source))];
  add(
    barChart({
      id: 'chart-labels',
      title: 'Step labels (decided by execution)',
      categories: labelSources,
      series: labelNames.map((l, i) => ({ name: l, values: labelSources.map((s) => data.labels.find((x) => x.source === s && x.label === l)?.n ?? 0), color: [PALETTE[1], PALETTE[3], PALETTE[8]][i] as string })),
      stacked: true,
    }),
  );
  if (data.templates.length > 0) {
    add(
      barChart({
        id: 'chart-templates',
        title: 'Synthetic episodes per template family',
        categories: data.templates.map((x) => x.family),
        series: [{ name: 'episodes', values: data.templates.map((x) => x.n), color: PALETTE[4] as string }],
      }),
    );
  }
  add(prmChart(data.training), `Best-of-N selection accuracy and ProcessBench-style F1 on the ${evaluatedOn(data.training)} together; metrics.json has them per split.`);
  add(auditChart(data.training), 'A probe on code tokens alone (no values) telling a mutant\'s wrong step from a right step at the same place (hookmine audit); near 0.5 the labels cannot be read off the code\'s style. Worst families and operators shown; target at most 0.6.');
  const headline: [string, number | undefined][] = [
    ['competitions', t.competitions],
    ['notebooks', t.notebooks],
    ['reproduced', t.reproduced],
    ['verified hooks', t.verified_hooks],
    ['Kaggle episodes', t.kaggle_episodes],
    ['synthetic episodes', t.synthetic_episodes],
    ['contrast episodes', t.contrast_episodes],
    ['labelled steps', (t.positive_steps ?? 0) + (t.negative_steps ?? 0)],
  ];
  const tiles = headline.map(([label, value]) => `<div class="tile"><div class="n">${value ?? 0}</div><div class="l">${escapeXml(label)}</div></div>`).join('');
  const runs = table(
    ['competition', 'notebook', 'outcome', 'reason', 'wall time (s)', 'evidence', 'verified hooks', 'stop reason'],
    data.executions.map((e) => [
      e.competition,
      e.title ?? e.notebook_id,
      e.outcome,
      e.reason,
      e.wall_ms === null ? null : (e.wall_ms / 1000).toFixed(1),
      e.evidence,
      String(e.verified_hooks ?? 0),
      e.stop_reason,
    ]),
  );
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hookmine report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #111827; background: #f9fafb; }
h1 { margin-bottom: .2rem; } .meta { color: #6b7280; margin-top: 0; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: .8rem; margin: 1.2rem 0; }
.tile { background: white; border: 1px solid #e5e7eb; border-radius: 8px; padding: .8rem 1rem; }
.tile .n { font-size: 1.8rem; font-weight: 700; } .tile .l { color: #6b7280; }
.card { background: white; border: 1px solid #e5e7eb; border-radius: 8px; padding: 1rem; margin: 1rem 0; overflow-x: auto; }
.card h2 { font-size: 1.05rem; margin: 0 0 .6rem; }
.note { color: #6b7280; font-size: .9rem; margin: .4rem 0 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e5e7eb; }
</style></head>
<body>
<h1>hookmine report</h1>
<p class="meta">corpus ${escapeXml(meta.db)} &middot; generated ${escapeXml(meta.generatedAt.toISOString())}</p>
<div class="tiles">${tiles}</div>
<p class="note">Kaggle episodes by evidence tier: kaggle_reproduced ${t.kaggle_reproduced ?? 0}, local_deterministic ${t.local_deterministic ?? 0}, prefix ${t.prefix ?? 0}.</p>
${sections.join('\n')}
<section class="card"><h2>Runs per notebook (latest)</h2>${runs}</section>
</body></html>
`;
  return { html, charts };
}
