// Datetime: resampling to months/weeks/days, parts of the timestamp, spans, calendar filters.
import { continuousColumns, datetimeColumns } from '../columns.js';
import { Phrase } from '../phrase.js';
import type { ColumnProfile, DataProfile, Family, Rng } from '../types.js';
import { CLOSE, EXACT, col, loadStep, step } from './common.js';

function pickDate(profile: DataProfile, rng: Rng, minDays: number): ColumnProfile | undefined {
  const cols = datetimeColumns(profile).filter((c) => (c.dates?.days ?? 0) >= minDays);
  return cols.length ? rng.pick(cols) : undefined;
}

function spanDays(c: ColumnProfile): number {
  return c.dates ? (Date.parse(c.dates.max) - Date.parse(c.dates.min)) / 86_400_000 : 0;
}

const PERIOD: Record<string, { rule: string; format: string; word: string; answerForm: string; minSpan: number }> = {
  month: { rule: 'M', format: '%Y-%m', word: 'calendar month', answerForm: 'YYYY-MM', minSpan: 60 },
  week: { rule: 'W', format: '%Y-%m-%d', word: 'week (weeks ending on Sunday)', answerForm: 'the Sunday ending the week, YYYY-MM-DD', minSpan: 21 },
};

export const resamplePeak: Family = {
  id: 'resample-peak',
  category: 'datetime',
  title: 'the month or week with the highest total or mean of a measure, by resampling',
  variants: [{ id: 'month-sum' }, { id: 'month-mean' }, { id: 'week-sum', heldout: true }],
  build({ profile, source, rng }, variant) {
    const [period, agg] = variant.split('-') as [string, string];
    const p = PERIOD[period];
    if (!p) return null;
    const d = pickDate(profile, rng, 3);
    if (!d || spanDays(d) < p.minSpan) return null;
    const y = rng.pick(continuousColumns(profile).filter((c) => c.name !== d.name && (agg !== 'sum' || (c.stats?.min ?? -1) >= 0)));
    if (!y) return null;
    const w = new Phrase();
    const [D, Y] = [w.col(d.name), w.col(y.name)];
    const aggWord = agg === 'sum' ? 'total' : 'average';
    return {
      steps: [
        loadStep(source),
        step('dates', `dates = pd.to_datetime(${col('df', d.name)})`, 'dates', ['load_data']),
        step('series', `series = pd.Series(${col('df', y.name)}.to_numpy(), index=dates)`, 'series', ['load_data', 'dates']),
        step('resampled', `resampled = series.resample(${JSON.stringify(p.rule)}).${agg}()`, 'resampled', ['series']),
        step('best', 'best = resampled.max()', 'best', ['resampled']),
        step('answer', `answer = sorted(t.strftime(${JSON.stringify(p.format)}) for t in resampled[resampled == best].index)`, 'answer', ['resampled', 'best']),
      ],
      questions: [
        `Using ${D} as the timestamp, which ${p.word} has the highest ${aggWord} ${Y}? Answer as ${p.answerForm}.`,
        `Resample ${Y} by ${p.word} of ${D} (${aggWord} per period). Which period peaks? Give ${p.answerForm}.`,
      ],
      hint: `Parse ${D}, index ${Y} by it, resample per ${period} with ${agg}, and take the period at the maximum.`,
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      difficulty: 'medium',
      keep: w.keep,
    };
  },
};

export const busiestDay: Family = {
  id: 'busiest-day',
  category: 'datetime',
  title: 'the calendar day with the most rows',
  variants: [{ id: 'day' }],
  build({ profile, source, rng }) {
    const d = pickDate(profile, rng, 3);
    if (!d) return null;
    const w = new Phrase();
    const D = w.col(d.name);
    return {
      steps: [
        loadStep(source),
        step('dates', `dates = pd.to_datetime(${col('df', d.name)})`, 'dates', ['load_data']),
        step('per_day', 'per_day = dates.dt.floor("D").value_counts()', 'per_day', ['dates']),
        step('most', 'most = per_day.max()', 'most', ['per_day']),
        step('answer', 'answer = sorted(t.strftime("%Y-%m-%d") for t in per_day[per_day == most].index)', 'answer', ['per_day', 'most']),
      ],
      questions: [`On which calendar day of ${D} are there the most rows? Answer YYYY-MM-DD.`, `Count rows per day of ${D}. Which day (YYYY-MM-DD) has the most?`],
      hint: `Parse ${D}, truncate to the day, count rows per day and take the largest count; tied days are all valid.`,
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

const PART: Record<string, { code: string; word: string; minDays: number; needsTime?: boolean }> = {
  hour: { code: 'dates.dt.hour', word: 'hour of the day (0-23)', minDays: 3, needsTime: true },
  weekday: { code: 'dates.dt.day_name()', word: 'day of the week (its English name)', minDays: 14 },
  month: { code: 'dates.dt.month', word: 'month of the year (1-12)', minDays: 60 },
};

export const datePartPeak: Family = {
  id: 'date-part-peak',
  category: 'datetime',
  title: 'the hour, weekday or month with the highest mean of a measure',
  variants: [{ id: 'hour' }, { id: 'weekday' }, { id: 'month', heldout: true }],
  build({ profile, source, rng }, variant) {
    const part = PART[variant];
    if (!part) return null;
    const d = pickDate(profile, rng, part.minDays);
    if (!d || (part.needsTime && !d.dates?.hasTime) || spanDays(d) < part.minDays) return null;
    const y = rng.pick(continuousColumns(profile).filter((c) => c.name !== d.name));
    if (!y) return null;
    const w = new Phrase();
    const [D, Y] = [w.col(d.name), w.col(y.name)];
    return {
      steps: [
        loadStep(source),
        step('dates', `dates = pd.to_datetime(${col('df', d.name)})`, 'dates', ['load_data']),
        step('part', `part = ${part.code}`, 'part', ['dates']),
        step('means', `means = ${col('df', y.name)}.groupby(part).mean()`, 'means', ['load_data', 'part']),
        step('best', 'best = means.max()', 'best', ['means']),
        step('answer', 'answer = sorted(means[means == best].index.tolist(), key=str)', 'answer', ['means', 'best']),
      ],
      questions: [
        `Which ${part.word} of ${D} has the highest average ${Y}?`,
        `Group the rows by the ${part.word} taken from ${D}. In which group is the mean ${Y} largest?`,
      ],
      hint: `Extract the ${variant} from the parsed ${D}, average ${Y} per ${variant}, and take the maximum.`,
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const dateSpan: Family = {
  id: 'date-span',
  category: 'datetime',
  title: 'days between the first and last timestamp, or distinct days covered',
  variants: [{ id: 'span-days' }, { id: 'distinct-days' }],
  build({ profile, source, rng }, variant) {
    const d = pickDate(profile, rng, 3);
    if (!d) return null;
    const w = new Phrase();
    const D = w.col(d.name);
    const span = variant === 'span-days';
    return {
      steps: [
        loadStep(source),
        step('dates', `dates = pd.to_datetime(${col('df', d.name)})`, 'dates', ['load_data']),
        span
          ? step('span', 'span = dates.max() - dates.min()', 'span', ['dates'])
          : step('days', 'days = dates.dt.normalize()', 'days', ['dates']),
        step('answer', span ? 'answer = int(span.days)' : 'answer = int(days.nunique())', 'answer', [span ? 'span' : 'days']),
      ],
      questions: span
        ? [`How many whole days lie between the earliest and the latest ${D}?`, `What is the span of ${D}, from first to last timestamp, in whole days?`]
        : [`On how many distinct calendar days does ${D} fall?`, `How many different dates (ignoring the time of day) appear in ${D}?`],
      hint: span ? `Parse ${D}, subtract the minimum from the maximum, and take the whole days.` : `Parse ${D}, drop the time of day, and count distinct dates.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const yearMean: Family = {
  id: 'year-mean',
  category: 'datetime',
  title: 'the mean of a measure within one calendar year',
  variants: [{ id: 'mean' }, { id: 'sum', heldout: true }],
  build({ profile, source, rng }, variant) {
    const d = pickDate(profile, rng, 3);
    if (!d?.dates) return null;
    const first = Number(d.dates.min.slice(0, 4));
    const last = Number(d.dates.max.slice(0, 4));
    if (!(last > first)) return null;
    const year = rng.int(first, last);
    const y = rng.pick(continuousColumns(profile).filter((c) => c.name !== d.name));
    if (!y) return null;
    const w = new Phrase();
    const [D, Y, YEAR] = [w.col(d.name), w.col(y.name), w.num(year)];
    const word = variant === 'mean' ? 'average' : 'total';
    return {
      steps: [
        loadStep(source),
        step('dates', `dates = pd.to_datetime(${col('df', d.name)})`, 'dates', ['load_data']),
        step('in_year', `in_year = df[dates.dt.year == ${year}]`, 'in_year', ['load_data', 'dates']),
        step('answer', `answer = float(${col('in_year', y.name)}.${variant}())`, 'answer', ['in_year']),
      ],
      questions: [`What is the ${word} ${Y} over the rows whose ${D} falls in ${YEAR}?`, `Restrict the data to the year ${YEAR} of ${D}. What is the ${word} of ${Y}?`],
      hint: `Parse ${D}, keep the rows of that year, and aggregate ${Y}.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const datetimeFamilies: Family[] = [resamplePeak, busiestDay, datePartPeak, dateSpan, yearMean];
