// Is a competition tabular? The API has no such flag, so the verdict weighs what it does say, in
// this order: the deny and allow lists, the host segment, the evaluation metric, the tags, and the
// data files from ListDataFiles. Pure: the same facts always give the same verdict and reason.

export interface CompetitionFacts {
  slug: string;
  /** HOST_SEGMENT_FEATURED (API) or "Featured" (Meta Kaggle) */
  hostSegment?: string | null;
  tags: readonly string[];
  evaluationMetric?: string | null;
  /** undefined: not fetched yet; the verdict may ask for them */
  files?: readonly { name: string; totalBytes?: number | null }[] | null;
}

export interface VerdictOptions {
  /** slugs or globs (`playground-series-*`) always crawled */
  allow?: readonly string[];
  /** slugs or globs never crawled; wins over allow */
  deny?: readonly string[];
}

export interface TabularVerdict {
  /** null: undecided without the data files */
  tabular: boolean | null;
  reason: string;
}

const CRAWLED_SEGMENTS = new Set(['FEATURED', 'RESEARCH', 'PLAYGROUND', 'GETTING_STARTED', 'RECRUITMENT', 'MASTERS']);
const SKIPPED_SEGMENTS = new Set(['COMMUNITY', 'INCLASS', 'ANALYTICS']);

const NON_TABULAR_TAGS = new Set([
  'image', 'images', 'image data', 'computer vision', 'video', 'video data', 'audio', 'audio data', 'speech',
  'text', 'text data', 'nlp', 'natural language processing', 'object detection', 'segmentation',
  'image segmentation', 'reinforcement learning', 'simulations', 'generative ai', 'llm', 'large language models',
]);
const TABULAR_TAGS = new Set(['tabular', 'tabular data']);

const NON_TABULAR_METRIC = /\b(iou|intersection over union|dice|bleu|rouge|wer|cer|levenshtein|hausdorff|ssim|psnr|jaccard index)\b/i;

const TABULAR_EXT = new Set(['csv', 'tsv', 'parquet', 'feather', 'json', 'jsonl', 'xlsx', 'xls', 'arff']);
const MEDIA_EXT = new Set([
  'jpg', 'jpeg', 'png', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'dcm', 'dicom', 'nii', 'svs',
  'wav', 'mp3', 'flac', 'ogg', 'aif', 'aiff', 'mp4', 'avi', 'mov', 'mkv', 'tfrecord', 'tfrec', 'npy', 'npz', 'h5', 'hdf5',
]);
const ARCHIVE_EXT = new Set(['zip', 'gz', '7z', 'bz2', 'xz', 'tar']);

/** `HOST_SEGMENT_GETTING_STARTED`, `Getting Started`, `getting-started` -> `GETTING_STARTED`. */
export function normaliseSegment(segment: string | null | undefined): string | null {
  if (!segment) return null;
  const s = segment.trim().toUpperCase().replace(/^HOST_SEGMENT_/, '').replace(/[\s-]+/g, '_');
  return s === '' || s === 'UNSPECIFIED' ? null : s;
}

/** The data extension of a file name, looking through archive suffixes (`train.csv.zip` -> csv). */
export function dataExtension(name: string): string {
  const parts = name.toLowerCase().split('/').pop()?.split('.') ?? [];
  while (parts.length > 1 && ARCHIVE_EXT.has(parts[parts.length - 1] as string)) {
    parts.pop();
  }
  return parts.length > 1 ? (parts[parts.length - 1] as string) : '';
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

export function matchesList(slug: string, list: readonly string[] | undefined): string | undefined {
  return list?.find((pattern) => globToRegExp(pattern.trim()).test(slug));
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

export function tabularVerdict(facts: CompetitionFacts, options: VerdictOptions = {}): TabularVerdict {
  const denied = matchesList(facts.slug, options.deny);
  if (denied) return { tabular: false, reason: `deny list (${denied})` };
  const allowed = matchesList(facts.slug, options.allow);
  if (allowed) return { tabular: true, reason: `allow list (${allowed})` };

  const segment = normaliseSegment(facts.hostSegment);
  if (segment && SKIPPED_SEGMENTS.has(segment)) return { tabular: false, reason: `host segment ${segment} is not crawled` };
  if (segment && !CRAWLED_SEGMENTS.has(segment)) return { tabular: false, reason: `unknown host segment ${segment}` };

  const metric = facts.evaluationMetric?.trim();
  if (metric && NON_TABULAR_METRIC.test(metric)) return { tabular: false, reason: `metric "${metric}" is for images, text or audio` };

  const tags = facts.tags.map((t) => t.trim().toLowerCase());
  const tabularTag = tags.find((t) => TABULAR_TAGS.has(t));
  const otherTag = tags.find((t) => NON_TABULAR_TAGS.has(t));
  if (otherTag && !tabularTag) return { tabular: false, reason: `tag "${otherTag}" (not tabular data)` };

  if (facts.files === undefined) return { tabular: null, reason: 'needs the data file list' };
  const files = facts.files ?? [];
  if (files.length === 0) return { tabular: false, reason: 'no data files listed' };

  let media = 0;
  let mediaBytes = 0;
  let table = 0;
  let tableBytes = 0;
  let totalBytes = 0;
  const mediaExts = new Set<string>();
  const tableExts = new Set<string>();
  for (const f of files) {
    const ext = dataExtension(f.name);
    const bytes = f.totalBytes ?? 0;
    totalBytes += bytes;
    if (MEDIA_EXT.has(ext)) {
      media += 1;
      mediaBytes += bytes;
      mediaExts.add(`.${ext}`);
    } else if (TABULAR_EXT.has(ext)) {
      table += 1;
      tableBytes += bytes;
      tableExts.add(`.${ext}`);
    }
  }
  if (table === 0) return { tabular: false, reason: `no tabular data files (.csv, .parquet, ...) among ${files.length} files` };
  if (media > table || (totalBytes > 0 && mediaBytes > totalBytes / 2)) {
    return { tabular: false, reason: `${media} of ${files.length} data files are images, audio or video (${[...mediaExts].sort().join(', ')})` };
  }
  const parts = [`${table} data file${table === 1 ? '' : 's'} (${[...tableExts].sort().join(', ')}, ${formatBytes(tableBytes)})`];
  if (tabularTag) parts.push(`tag "${tabularTag}"`);
  if (metric) parts.push(`metric ${metric}`);
  if (segment) parts.push(segment);
  return { tabular: true, reason: `tabular: ${parts.join('; ')}` };
}
