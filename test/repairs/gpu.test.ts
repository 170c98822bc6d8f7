// GPU-only settings of xgboost, lightgbm and catboost become their CPU counterparts (the sandbox has
// no GPU): keyword arguments of the library's calls and params dictionaries of notebooks that import it.
import { describe, expect, it } from 'vitest';
import { gpuSettings } from '../../extractors/repairs/gpu.js';
import { repair } from './helpers.js';

const rules = [gpuSettings];

describe('gpu-settings', () => {
  it("xgboost: tree_method='gpu_hist' -> 'hist', predictor='gpu_predictor' -> 'cpu_predictor', gpu_id dropped", async () => {
    const code = "import xgboost as xgb\nm = xgb.XGBRegressor(n_estimators=100, tree_method='gpu_hist', predictor=\"gpu_predictor\", gpu_id=0)\n";
    expect(await repair(code, { rules })).toBe("import xgboost as xgb\nm = xgb.XGBRegressor(n_estimators=100, tree_method='hist', predictor=\"cpu_predictor\")\n");
  });
  it("device='cuda' / 'cuda:0' -> 'cpu' in a call and in a params dict given to xgb.train", async () => {
    const code = "from xgboost import XGBClassifier\nimport xgboost as xgb\nm = XGBClassifier(device='cuda:0')\nparams = {'tree_method': 'gpu_hist', 'device': 'cuda', 'max_depth': 4}\nb = xgb.train(params, d)\n";
    expect(await repair(code, { rules })).toBe(
      "from xgboost import XGBClassifier\nimport xgboost as xgb\nm = XGBClassifier(device='cpu')\nparams = {'tree_method': 'hist', 'device': 'cpu', 'max_depth': 4}\nb = xgb.train(params, d)\n",
    );
  });
  it("lightgbm device='gpu' -> 'cpu' (its GPU ids dropped) and catboost task_type='GPU' -> 'CPU' (devices dropped)", async () => {
    const code = "import lightgbm as lgb\nfrom catboost import CatBoostClassifier\nm = lgb.LGBMClassifier(device='gpu', gpu_platform_id=0, gpu_device_id=0)\nc = CatBoostClassifier(iterations=10, task_type='GPU', devices='0:1')\n";
    expect(await repair(code, { rules })).toBe(
      "import lightgbm as lgb\nfrom catboost import CatBoostClassifier\nm = lgb.LGBMClassifier(device='cpu')\nc = CatBoostClassifier(iterations=10, task_type='CPU')\n",
    );
  });
  it('leaves CPU settings, other libraries and notebooks without these libraries alone', async () => {
    const cpu = "import xgboost as xgb\nm = xgb.XGBRegressor(tree_method='hist', gpu_id=None)\n";
    expect(await repair(cpu, { rules })).toBe(cpu);
    const torch = "import torch\nx = torch.zeros(3, device='cuda')\nparams = {'device': 'cuda'}\n";
    expect(await repair(torch, { rules })).toBe(torch);
  });
});
