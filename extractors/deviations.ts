// What a hookmine run does differently from the notebook's run on Kaggle. Every rewrite of the
// code (a dropped magic, a remapped path) and every change of environment (seeding) is one record,
// stored in executions.deviations, so a reader can judge how faithful a reproduction is.

export type DeviationKind =
  /** an IPython line or cell magic removed (its effect does not exist or does not matter here) */
  | 'magic_dropped'
  /** an IPython magic replaced by equivalent Python */
  | 'magic_shimmed'
  /** a shell escape removed (package installs, downloads: no network in the sandbox) */
  | 'shell_dropped'
  /** a shell escape run through the sandbox's shell */
  | 'shell_shimmed'
  /** IPython's display() / get_ipython() provided by hookmine's stand-in */
  | 'ipython_shimmed'
  /** a personal or foreign path rewritten to Kaggle's layout */
  | 'path_remapped'
  /** random/numpy seeded and PYTHONHASHSEED fixed, which Kaggle does not do */
  | 'seeded'
  /** a whole cell that does not run here (a %%timeit or %%html cell) */
  | 'cell_dropped'
  /** a module that is not installed, imported by the notebook: bound to a placeholder that raises
   * the same ModuleNotFoundError at its first use, so the cells before that use still run */
  | 'module_placeholder';

export interface Deviation {
  kind: DeviationKind;
  /** notebook cell index (null for run-wide deviations) */
  cell: number | null;
  /** 1-based line within the cell */
  line: number | null;
  before: string;
  after: string;
  /** why, in a few words */
  detail?: string;
}
