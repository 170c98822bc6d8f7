// Hand-written profiles for the pure template tests: a shop's orders (every column kind: ids,
// categories, measures with missing values, a 0/1 outcome, timestamps) with a customers table to
// join, and a two-column table most families cannot use.
import type { ColumnProfile, DataProfile, PartnerInfo, SourceInfo } from '../../templates/types.js';

const stats = (min: number, max: number, mean: number, std: number) => ({ min, max, mean, std, q10: min + (mean - min) / 3, q25: min + (mean - min) / 2, q50: mean, q75: mean + (max - mean) / 4, q90: mean + (max - mean) / 2, skew: 0.8 });
const num = (name: string, extra: Partial<ColumnProfile>): ColumnProfile => ({ name, dtype: 'float64', kind: 'numeric', integer: false, unique: 200, missing: 0, top: [], stats: stats(0, 100, 40, 15), ...extra });
const cat = (name: string, values: [string | number, number][], extra: Partial<ColumnProfile> = {}): ColumnProfile => ({
  name,
  dtype: typeof values[0]?.[0] === 'number' ? 'int64' : 'object',
  kind: typeof values[0]?.[0] === 'number' ? 'numeric' : 'string',
  integer: typeof values[0]?.[0] === 'number',
  unique: values.length,
  missing: 0,
  top: values.map(([value, count]) => ({ value, count })),
  ...extra,
});

export const ORDERS: DataProfile = {
  rows: 242,
  duplicates: 2,
  columns: [
    num('order_id', { dtype: 'int64', integer: true, unique: 240, stats: stats(1, 240, 120, 69) }),
    num('customer_id', { dtype: 'int64', integer: true, unique: 60, stats: stats(100, 159, 130, 17) }),
    { name: 'order_date', dtype: 'object', kind: 'datetime', integer: false, unique: 242, missing: 0, top: [], dates: { min: '2023-10-04T04:09:00', max: '2024-02-27T10:00:00', hasTime: true, days: 120 } },
    cat('region', [['North', 85], ['South', 60], ['East', 60], ['West', 37]]),
    cat('channel', [['Online', 140], ['Store', 102]]),
    cat('priority', [['High', 80], ['Low', 80], ['Medium', 78]], { missing: 4 }),
    num('quantity', { dtype: 'int64', integer: true, unique: 11, stats: stats(1, 11, 6, 3) }),
    num('unit_price', { stats: stats(3, 150, 24, 15) }),
    num('amount', { missing: 12, stats: stats(3, 1500, 140, 120) }),
    num('discount', { missing: 12, stats: stats(0, 0.3, 0.15, 0.08) }),
    cat('returned', [[0, 210], [1, 32]]),
  ],
};

export const CUSTOMERS: DataProfile = {
  rows: 60,
  duplicates: 0,
  columns: [
    num('customer_id', { dtype: 'int64', integer: true, unique: 60, stats: stats(100, 159, 130, 17) }),
    cat('segment', [['Consumer', 30], ['Corporate', 18], ['Home Office', 12]]),
    num('age', { missing: 5, unique: 45, stats: stats(19, 74, 45, 15) }),
    num('loyalty_years', { unique: 58, stats: stats(0.1, 12, 3, 2) }),
  ],
};

export const TINY: DataProfile = {
  rows: 50,
  duplicates: 0,
  columns: [num('Id', { dtype: 'int64', integer: true, unique: 50, stats: stats(1, 50, 25, 14) }), cat('label', [['a', 25], ['b', 25]])],
};

export function sourceInfo(key: string, loadExpr = `pd.read_csv("/kaggle/input/${key}")`): SourceInfo {
  return { key, dataset: key.split('/')[0] as string, name: key.split('/').pop() as string, imports: [], loadExpr, contentSha256: `sha-of-${key}` };
}

export const ORDERS_SOURCE = sourceInfo('shop/orders.csv');
export const CUSTOMERS_SOURCE = sourceInfo('shop/customers.csv');

export const CUSTOMERS_PARTNER: PartnerInfo = { source: CUSTOMERS_SOURCE, profile: CUSTOMERS, shared: ['customer_id'], key: 'customer_id', matches: 242, partnerUnique: true };
/** The same table again under another name: shares every column (for stacking). */
export const ORDERS_COPY_PARTNER: PartnerInfo = { source: sourceInfo('shop/orders-2024.csv'), profile: ORDERS, shared: ORDERS.columns.map((c) => c.name), key: null, matches: 0, partnerUnique: false };
