// Meta Kaggle Code stores one file per kernel version: the id zero-padded to 10 digits, split
// 4/3 into folders, e.g. 0111/437/111437241.ipynb. Such a file's competition and kernel come from
// the imported Meta Kaggle (`hookmine import-meta-kaggle`), not from its folder name.
import type { NotebookRow } from '../../corpus/notebooks.js';
import type { MetaKaggleVersion } from '../../corpus/meta-kaggle.js';

const CODE_FILE = /(?:^|[\\/])(\d{4})[\\/](\d{3})[\\/](\d+)\.[a-z]+$/i;

/** The kernel version id of a Meta Kaggle Code file path, or null for any other path. */
export function metaKaggleCodeVersionId(path: string): number | null {
  const m = CODE_FILE.exec(path);
  if (!m) return null;
  const id = m[3] as string;
  const padded = id.padStart(10, '0');
  if (padded.length !== 10 || padded.slice(0, 4) !== m[1] || padded.slice(4, 7) !== m[2]) return null;
  return Number(id);
}

/** Mark a row as a Meta Kaggle Code notebook with what Meta Kaggle knows about it. */
export function applyMetaKaggleCode(row: NotebookRow, versionId: number, info: MetaKaggleVersion | undefined): void {
  row.origin = 'meta-kaggle-code';
  row.kernel_version_id = versionId;
  if (!info) return;
  row.kaggle_ref = info.ref;
  row.kaggle_id = info.kernel_id;
  row.kaggle_version = info.version_number;
  row.title = info.title ?? row.title;
  row.medal = info.medal;
  row.medal_source = 'meta-kaggle';
  row.medal_award_date = info.medal_award_date;
}
