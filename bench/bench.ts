// A tiny benchmark harness: each *.bench.ts exports a list of benchmarks; `npm run bench [name...]`
// runs them and prints one line per measurement with its target.
export interface Measurement {
  name: string;
  value: number;
  unit: string;
  /** the target, e.g. { op: '>=', value: 100000 } */
  target?: { op: '>=' | '<='; value: number };
  note?: string;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Measurement[]>;
}

export function meets(m: Measurement): boolean | undefined {
  if (!m.target) return undefined;
  return m.target.op === '>=' ? m.value >= m.target.value : m.value <= m.target.value;
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}
