// What a training run leaves in <out>: metrics.json (the PRM under `prm`, every baseline under
// `baselines.<name>` with the same metric names, per split, calibration, and the PRM-vs-baselines
// comparison), history.json, the model card (README.md) and report.html (learning curves and the
// calibration diagram as inline SVG: one self-contained file, no plotting dependency).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditResult } from './audit.js';
import type { ErrorAnalysis } from './error-analysis.js';
import type { TrainSettings } from './config.js';
import type { EmbedSpec } from './embeddings.js';
import { AGGREGATIONS, type CalibrationBin, type MetricSet } from './metrics.js';
import type { ModelConfig } from './model.js';
import { countParams } from './model.js';
import { renderModelCard } from './model-card.js';
import { renderReport } from './report-html.js';
import type { HistoryEntry } from './trainer.js';

export interface Evaluated {
  prm: MetricSet;
  baselines: Record<string, MetricSet>;
  /** where the PRM's ProcessBench answers go wrong (src/prm/error-analysis.ts) */
  errors?: ErrorAnalysis;
}

export interface TrainReport {
  trainId: string;
  settings: TrainSettings;
  modelConfig: ModelConfig;
  backend: string;
  embed: EmbedSpec;
  data: {
    episodes: Record<string, number>;
    bySource: Record<string, number>;
    skipped: Record<string, number>;
    failed: number;
    evaluated: string[];
    /** the real-notebook split: Kaggle episodes held out by competition */
    real?: { competitions: number; episodes: number; gold_episodes: number };
    /** validation trajectories of variants training saw and of variants it never saw (the threshold's parts) */
    validationParts?: Record<string, number>;
  };
  /** the shortcut audit (src/prm/audit.ts) on the same splits */
  audit?: AuditResult;
  overall: Evaluated;
  bySplit: Record<string, Evaluated>;
  /** the ensemble's networks: seed, calibration temperatures, best epochs by validation loss */
  members: { seed: number; temperature: number; outcomeTemperature: number; bestEpoch: { prm: number | null; outcome_only: number | null } }[];
  calibration: {
    eceBefore: number | null;
    eceAfter: number | null;
    binsBefore: CalibrationBin[];
    binsAfter: CalibrationBin[];
  };
  /** one learning curve per network of the ensemble */
  history: { prm: HistoryEntry[][]; outcome_only: HistoryEntry[][] };
  updatesPerSecond: number | null;
  seconds: number;
  version: string;
}

const BON_AGGS = ['product', 'min', 'mean'] as const;

/** Does the PRM beat every baseline, and by how much? Baselines get their best aggregation. */
export function comparison(e: Evaluated): Record<string, unknown> {
  const bestBaseline = (value: (m: MetricSet) => number | null) => {
    let best: { name: string; value: number } | null = null;
    for (const [name, m] of Object.entries(e.baselines)) {
      const v = value(m);
      if (v !== null && (best === null || v > best.value)) best = { name, value: v };
    }
    return best;
  };
  const baselineBon = bestBaseline((m) => Math.max(...AGGREGATIONS.map((a) => m.best_of_n[a] ?? -Infinity)));
  const bestOfN = Object.fromEntries(
    BON_AGGS.map((a) => {
      const prm = e.prm.best_of_n[a];
      return [a, { prm, beats_every_baseline: prm !== null && baselineBon !== null && prm > baselineBon.value }];
    }),
  );
  const f1Baseline = bestBaseline((m) => m.processbench_f1);
  const f1 = e.prm.processbench_f1;
  const aurocBaseline = bestBaseline((m) => m.step_auroc);
  return {
    best_of_n: { ...bestOfN, best_baseline: baselineBon },
    processbench_f1: { prm: f1, best_baseline: f1Baseline, beats_every_baseline: f1 !== null && f1Baseline !== null && f1 > f1Baseline.value },
    step_auroc: { prm: e.prm.step_auroc, best_baseline: aurocBaseline },
  };
}

export function buildMetrics(r: TrainReport): Record<string, unknown> {
  return {
    train_id: r.trainId,
    evaluated_on: r.data.evaluated,
    prm: r.overall.prm,
    baselines: r.overall.baselines,
    comparison: comparison(r.overall),
    by_split: Object.fromEntries(Object.entries(r.bySplit).map(([s, e]) => [s, { prm: e.prm, baselines: e.baselines, comparison: comparison(e), ...(e.errors ? { error_analysis: e.errors } : {}) }])),
    calibration: {
      temperatures: r.members.map((m) => m.temperature),
      outcome_only_temperatures: r.members.map((m) => m.outcomeTemperature),
      ece_before: r.calibration.eceBefore,
      ece_after: r.calibration.eceAfter,
      bins: r.calibration.binsAfter,
    },
    training: {
      backend: r.backend,
      embed: r.embed,
      model: r.modelConfig,
      parameters: countParams(r.modelConfig),
      settings: r.settings,
      ensemble: r.members.map((m) => ({ seed: m.seed, temperature: m.temperature, outcome_only_temperature: m.outcomeTemperature, best_epoch: m.bestEpoch })),
      updates_per_second: r.updatesPerSecond,
      seconds: r.seconds,
    },
    data: r.data,
    audit: r.audit ?? null,
    hookmine_version: r.version,
  };
}

export function writeArtifacts(out: string, report: TrainReport): { metrics: Record<string, unknown>; metricsFile: string } {
  const metrics = buildMetrics(report);
  const metricsFile = join(out, 'metrics.json');
  writeFileSync(metricsFile, `${JSON.stringify(metrics, null, 2)}\n`);
  writeFileSync(join(out, 'history.json'), `${JSON.stringify(report.history, null, 2)}\n`);
  writeFileSync(join(out, 'README.md'), renderModelCard(report, metrics));
  writeFileSync(join(out, 'report.html'), renderReport(report));
  return { metrics, metricsFile };
}
