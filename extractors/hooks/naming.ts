// Hook names say what the value is: the step's role (from the calls in its statement) and the variable.
import type { Statement } from '../python/program.js';

const ROLES: [string, RegExp][] = [
  ['load', /^(read_csv|read_excel|read_parquet|read_json|read_table|read_feather|read_pickle|load_\w+|fetch_\w+|loadtxt|genfromtxt)$/],
  ['split', /^(train_test_split|KFold|StratifiedKFold|GroupKFold|TimeSeriesSplit|ShuffleSplit|split)$/],
  ['score', /^(score|cross_val_score|cross_validate|\w*_score|\w*_error|log_loss|rmse|mae|mse|r2\w*)$/],
  ['predict', /^(predict|predict_proba|predict_log_proba|decision_function)$/],
  ['fit', /^(fit|partial_fit|fit_transform|fit_predict)$/],
  ['clean', /^(fillna|dropna|drop|drop_duplicates|replace|astype|interpolate|clip|isnull|isna|notna|to_numeric|to_datetime|strip|lower)$/],
  ['merge', /^(merge|join|concat|append)$/],
  ['aggregate', /^(groupby|agg|aggregate|pivot_table|pivot|value_counts|mean|median|sum|count|describe|corr|resample|crosstab|max|min|std|var|nunique|quantile|idxmax|idxmin|cumsum|rolling|size)$/],
  ['feature', /^(get_dummies|map|apply|cut|qcut|LabelEncoder|OneHotEncoder|transform|assign|log1p|log|sqrt|where|select_dtypes|factorize|StandardScaler|MinMaxScaler)$/],
  ['model', /^(\w*(Classifier|Regressor|Regression|Pipeline|SVC|SVR|KMeans|Search\w*|Boost\w*|Forest\w*|NB|Net|Model))$/],
];

/** The role of a statement for one captured variable. */
export function roleOf(statement: Statement, variable: string | null, isFinal: boolean): string {
  if (isFinal) return 'output';
  if (variable && newColumn(statement, variable)) return 'feature';
  const calls = statement.use.calls;
  // the outermost call usually says what the statement does: look from the last call seen
  for (const [role, pattern] of ROLES) if (calls.some((c) => pattern.test(c))) {
    if (role === 'fit' && variable && !statement.use.mutates.has(variable) && !statement.use.writes.has(variable)) continue;
    return role;
  }
  if (variable && statement.use.mutates.has(variable)) return 'feature';
  return 'compute';
}

/** `df['new'] = ...` where the right-hand side does not mention 'new': a new column, a feature. */
function newColumn(statement: Statement, variable: string): boolean {
  const node = statement.node.type === 'expression_statement' ? statement.node.namedChild(0) : null;
  if (node?.type !== 'assignment') return false;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type !== 'subscript' || left.childForFieldName('value')?.text !== variable) return false;
  const key = left.childForFieldName('subscript');
  if (key?.type !== 'string') return false;
  return !(right?.text ?? '').includes(key.text.slice(1, -1));
}

/** Unique names: `role:variable`, then `role:variable#2` for a second capture of the same kind. */
export class NameAllocator {
  private readonly used = new Map<string, number>();
  next(role: string, variable: string | null): string {
    const base = `${role}:${variable ?? 'result'}`;
    const count = (this.used.get(base) ?? 0) + 1;
    this.used.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  }
}
