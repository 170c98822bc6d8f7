// Paging as Kaggle does it: by page number (`page`, 1-based, with `pageSize`) or by an opaque
// `pageToken` that the previous answer gave as `nextPageToken`.

export interface PageRequest {
  page?: unknown;
  pageSize?: unknown;
  pageToken?: unknown;
}

export interface PageResult<T> {
  items: T[];
  nextPageToken?: string;
}

export function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeToken(token: string): number | undefined {
  const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

export class BadPageRequest extends Error {}

/**
 * One page of `all`. `tokens` decides whether answers carry a nextPageToken; a request with a token
 * is always honoured. `cap` is the server's listing cap (items past it are never served).
 */
export function page<T>(all: readonly T[], req: PageRequest, options: { defaultSize: number; maxSize: number; tokens: boolean; cap?: number }): PageResult<T> {
  const limit = Math.min(all.length, options.cap ?? Infinity);
  let size = req.pageSize === undefined ? options.defaultSize : Number(req.pageSize);
  if (!Number.isInteger(size) || size < 1) throw new BadPageRequest(`invalid pageSize ${String(req.pageSize)}`);
  size = Math.min(size, options.maxSize);
  let offset: number;
  if (typeof req.pageToken === 'string' && req.pageToken !== '') {
    const decoded = decodeToken(req.pageToken);
    if (decoded === undefined) throw new BadPageRequest('invalid pageToken');
    offset = decoded;
  } else {
    const number = req.page === undefined ? 1 : Number(req.page);
    if (!Number.isInteger(number) || number < 1) throw new BadPageRequest(`invalid page ${String(req.page)}`);
    offset = (number - 1) * size;
  }
  const items = all.slice(offset, Math.min(offset + size, limit));
  const next = offset + size;
  return { items, nextPageToken: options.tokens && next < limit ? encodeToken(next) : undefined };
}
