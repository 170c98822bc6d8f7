// GPU-only settings of the gradient-boosting libraries, on a machine without a GPU: Kaggle's
// notebooks often ran with an accelerator and ask for it by name (xgboost's tree_method='gpu_hist',
// lightgbm's device='gpu', catboost's task_type='GPU'). The sandbox never exposes a GPU, and each
// library fails on such a setting without one, so the setting becomes its CPU counterpart: the same
// algorithm on another device (results may differ in the last digits, as they do on Kaggle between
// CPU and GPU runs). Table-driven; each row cites the library's documentation of the parameter.
// Rewritten where the value is a literal: in a call to the library (keyword arguments) and in a
// dictionary literal in a notebook that imports it (params given later to xgb.train(), **params).
import type { SyntaxNode } from '../python/parser.js';
import { resolveName } from './imports.js';
import { argumentRemoval, callArgs, inPackage, stringDelimiters, stringValue, walk } from './tree.js';
import type { RepairRule, RuleContext, RuleEdit } from './types.js';

export interface GpuSetting {
  library: 'xgboost' | 'lightgbm' | 'catboost';
  param: string;
  /** GPU values (compared lower-case; `cuda:0` matches `cuda`) -> the CPU value; null: drop the argument */
  values: Record<string, string | null>;
  /** where the library documents it */
  source: string;
}

const XGB_PARAMS = 'https://xgboost.readthedocs.io/en/stable/parameter.html';
const XGB_GPU = 'https://xgboost.readthedocs.io/en/stable/gpu/index.html';
const LGB_PARAMS = 'https://lightgbm.readthedocs.io/en/latest/Parameters.html#device_type';
const CB_PARAMS = 'https://catboost.ai/en/docs/references/training-parameters/common#task_type';

export const GPU_SETTINGS: readonly GpuSetting[] = [
  // xgboost: gpu_hist / gpu_exact are the GPU tree methods (deprecated in 2.0 for device='cuda')
  { library: 'xgboost', param: 'tree_method', values: { gpu_hist: 'hist', gpu_exact: 'exact' }, source: XGB_PARAMS },
  { library: 'xgboost', param: 'predictor', values: { gpu_predictor: 'cpu_predictor' }, source: XGB_PARAMS },
  { library: 'xgboost', param: 'device', values: { cuda: 'cpu', gpu: 'cpu' }, source: XGB_GPU },
  { library: 'xgboost', param: 'updater', values: { grow_gpu_hist: 'grow_quantile_histmaker', grow_gpu: 'grow_colmaker' }, source: XGB_PARAMS },
  { library: 'lightgbm', param: 'device', values: { gpu: 'cpu', cuda: 'cpu' }, source: LGB_PARAMS },
  { library: 'lightgbm', param: 'device_type', values: { gpu: 'cpu', cuda: 'cpu' }, source: LGB_PARAMS },
  { library: 'catboost', param: 'task_type', values: { gpu: 'CPU' }, source: CB_PARAMS },
];

/** Parameters that only pick a GPU: dropped wherever the library's GPU setting is rewritten. */
const GPU_ONLY_PARAMS: Record<GpuSetting['library'], readonly string[]> = {
  xgboost: ['gpu_id'],
  lightgbm: ['gpu_platform_id', 'gpu_device_id', 'gpu_use_dp'],
  catboost: ['devices'],
};

function cpuValue(setting: GpuSetting, value: string): string | null | undefined {
  const key = value.toLowerCase().replace(/:\d+$/, '');
  return key in setting.values ? setting.values[key] : undefined;
}

function libraryOf(name: string | null): GpuSetting['library'] | null {
  for (const lib of ['xgboost', 'lightgbm', 'catboost'] as const) if (inPackage(name, lib)) return lib;
  return null;
}

function imported(ctx: RuleContext): Set<GpuSetting['library']> {
  const libs = new Set<GpuSetting['library']>();
  for (const v of ctx.imports.values()) {
    const lib = libraryOf(v);
    if (lib) libs.add(lib);
  }
  return libs;
}

function replaceString(node: SyntaxNode, value: string): string {
  const { prefix, quote } = stringDelimiters(node);
  return `${prefix}${quote}${value}${quote}`;
}

/** The removal range of one `key: value` pair of a dictionary, with its separating comma. */
function pairRemoval(pair: SyntaxNode): { start: number; end: number } {
  return argumentRemoval(pair);
}

export const gpuSettings: RepairRule = {
  name: 'gpu-settings',
  family: 'gpu',
  description: "GPU-only settings become their CPU counterparts where the sandbox has no GPU: xgboost tree_method='gpu_hist' -> 'hist', predictor='gpu_predictor' -> 'cpu_predictor', device='cuda' -> 'cpu'; lightgbm device='gpu' -> 'cpu'; catboost task_type='GPU' -> 'CPU'; GPU ids dropped",
  apply(ctx) {
    const libs = imported(ctx);
    if (libs.size === 0) return [];
    const edits: RuleEdit[] = [];
    const visit = (lib: GpuSetting['library'], param: string, valueNode: SyntaxNode, whole: SyntaxNode, where: string): boolean => {
      if (GPU_ONLY_PARAMS[lib].includes(param)) {
        edits.push({ ...pairRemoval(whole), text: '', detail: `${where}: ${param} dropped (no GPU)` });
        return true;
      }
      const value = stringValue(valueNode);
      if (value === undefined) return false;
      for (const s of GPU_SETTINGS) {
        if (s.library !== lib || s.param !== param) continue;
        const to = cpuValue(s, value);
        if (to === undefined) continue;
        if (to === null) edits.push({ ...pairRemoval(whole), text: '', detail: `${where}: ${param}='${value}' dropped (no GPU)` });
        else edits.push({ start: valueNode.startIndex, end: valueNode.endIndex, text: replaceString(valueNode, to), detail: `${where}: ${param}='${value}' -> '${to}' (no GPU)` });
        return true;
      }
      return false;
    };
    const found: { lib: GpuSetting['library']; param: string; value: SyntaxNode; whole: SyntaxNode; where: string }[] = [];
    walk(ctx.root, (n) => {
      if (n.type === 'call') {
        const lib = libraryOf(resolveName(n.childForFieldName('function'), ctx.imports));
        if (!lib) return;
        for (const k of callArgs(n).keywords) found.push({ lib, param: k.name, value: k.value, whole: k.node, where: lib });
      } else if (n.type === 'pair') {
        const key = stringValue(n.childForFieldName('key'));
        const value = n.childForFieldName('value');
        if (!key || !value) return;
        // a params dict: every imported library that knows the key decides (device is shared)
        for (const lib of libs) found.push({ lib, param: key, value, whole: n, where: `${lib} params` });
      }
    });
    // the GPU-id parameters go only where a GPU setting of the same call/dict went
    const settingFound = new Set<SyntaxNode['id']>();
    for (const f of found) {
      if (GPU_ONLY_PARAMS[f.lib].includes(f.param)) continue;
      if (visit(f.lib, f.param, f.value, f.whole, f.where)) settingFound.add(f.whole.parent?.id ?? -1);
    }
    for (const f of found) {
      if (GPU_ONLY_PARAMS[f.lib].includes(f.param) && settingFound.has(f.whole.parent?.id ?? -1)) visit(f.lib, f.param, f.value, f.whole, f.where);
    }
    // one edit per span (a dict key known to two libraries)
    const seen = new Set<string>();
    return edits.filter((e) => {
      const k = `${e.start}:${e.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  },
};

export const GPU_RULES: readonly RepairRule[] = [gpuSettings];
