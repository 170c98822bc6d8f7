// Small, dependency-free SVG charts for the report: horizontal bars (grouped or stacked), so long
// labels (competitions, notebooks, reasons) stay readable. Every bar carries a <title> tooltip.
export interface Series {
  name: string;
  values: number[];
  color: string;
}

export interface BarChartSpec {
  id: string;
  title: string;
  categories: string[];
  series: Series[];
  stacked?: boolean;
  /** how a value is printed next to its bar */
  format?: (v: number) => string;
  width?: number;
  /** fixed upper end of the axis (e.g. 1 for rates) */
  max?: number;
}

export const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const defaultFormat = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));

/** A round axis end at or above `max`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

export function barChart(spec: BarChartSpec): string {
  const format = spec.format ?? defaultFormat;
  const width = spec.width ?? 760;
  const labelWidth = Math.min(260, 12 + 7 * Math.max(4, ...spec.categories.map((c) => clip(c, 38).length)));
  const groupSize = spec.stacked ? 1 : spec.series.length;
  const barHeight = 14;
  const groupGap = 10;
  const top = 34;
  // legend entries wrap onto as many rows as the width needs
  const legendRows: { name: string; color: string; x: number }[][] = [[]];
  let lx = 0;
  for (const se of spec.series.length > 1 ? spec.series : []) {
    const w = 24 + 7 * se.name.length;
    if (lx + w > width - 10 && lx > 0) {
      legendRows.push([]);
      lx = 0;
    }
    legendRows.at(-1)?.push({ name: se.name, color: se.color, x: lx });
    lx += w;
  }
  const legendHeight = spec.series.length > 1 ? 20 * legendRows.length + 2 : 0;
  const plotWidth = width - labelWidth - 70;
  const groupHeight = groupSize * barHeight + groupGap;
  const height = top + legendHeight + Math.max(1, spec.categories.length) * groupHeight + 24;
  const totals = spec.categories.map((_, i) => spec.series.reduce((s, se) => s + (se.values[i] ?? 0), 0));
  const dataMax = Math.max(0, ...(spec.stacked ? totals : spec.series.flatMap((s) => s.values)));
  const max = spec.max ?? niceMax(dataMax);
  const x = (v: number) => (v / max) * plotWidth;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" id="${escapeXml(spec.id)}" class="chart" role="img" aria-label="${escapeXml(spec.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<text x="0" y="18" font-size="15" font-weight="600" fill="#111827">${escapeXml(spec.title)}</text>`);
  if (spec.categories.length === 0 || dataMax === 0) {
    parts.push(`<text x="0" y="${top + 12}" fill="#6b7280">no data yet</text></svg>`);
    return parts.join('').replace(/height="\d+" viewBox="0 0 (\d+) \d+"/, `height="${top + 24}" viewBox="0 0 $1 ${top + 24}"`);
  }
  legendRows.forEach((row, r) => {
    for (const entry of row) {
      const ly = top - 4 + r * 20;
      parts.push(`<rect x="${entry.x}" y="${ly}" width="12" height="12" fill="${entry.color}"/><text x="${entry.x + 16}" y="${ly + 10}" fill="#374151">${escapeXml(entry.name)}</text>`);
    }
  });
  const y0 = top + legendHeight + 6;
  // grid lines at quarters of the axis
  for (let q = 0; q <= 4; q++) {
    const gx = labelWidth + (plotWidth * q) / 4;
    parts.push(`<line x1="${gx}" y1="${y0 - 4}" x2="${gx}" y2="${height - 20}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${gx}" y="${height - 6}" fill="#6b7280" text-anchor="middle">${escapeXml(String(Number(((max * q) / 4).toFixed(3))))}</text>`);
  }
  spec.categories.forEach((category, i) => {
    const gy = y0 + i * groupHeight;
    parts.push(`<text x="${labelWidth - 8}" y="${gy + (groupSize * barHeight) / 2 + 4}" text-anchor="end" fill="#111827">${escapeXml(clip(category, 38))}<title>${escapeXml(category)}</title></text>`);
    let offset = 0;
    spec.series.forEach((s, j) => {
      const value = s.values[i] ?? 0;
      const by = spec.stacked ? gy : gy + j * barHeight;
      const bx = labelWidth + (spec.stacked ? x(offset) : 0);
      const bw = Math.max(value > 0 ? 1 : 0, x(value));
      parts.push(`<rect class="bar" x="${bx.toFixed(1)}" y="${by}" width="${bw.toFixed(1)}" height="${barHeight - 2}" fill="${s.color}"><title>${escapeXml(`${category} / ${s.name}: ${format(value)}`)}</title></rect>`);
      if (!spec.stacked) parts.push(`<text x="${(bx + bw + 4).toFixed(1)}" y="${by + barHeight - 4}" fill="#374151" font-size="11">${escapeXml(format(value))}</text>`);
      offset += value;
    });
    if (spec.stacked) parts.push(`<text x="${(labelWidth + x(offset) + 4).toFixed(1)}" y="${gy + barHeight - 4}" fill="#374151" font-size="11">${escapeXml(format(totals[i] ?? 0))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
