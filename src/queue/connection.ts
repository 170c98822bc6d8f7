// The Redis behind the job queue: its URL (redis:// or rediss:// for TLS, with an optional
// password), shown everywhere without the password, and a check that it answers before a
// coordinator or worker starts, so a wrong URL is one clear error (exit 2), not a hang.
import { Redis, type RedisOptions } from 'ioredis';
import { UnusableInputError, UsageError } from '../errors.js';
import { registerSecret } from '../secrets.js';

/** The queue every coordinator and worker of one Redis shares. */
export const QUEUE_NAME = 'hookmine-runs';

export interface QueueConnection {
  /** the URL without its password, for messages */
  shown: string;
  options: RedisOptions;
}

/** The URL with its password replaced (and its username kept), for every message. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^/\s:@]*:)[^@\s/]+@/g, '$1***@');
  }
}

/** Parse a queue URL into ioredis options; a malformed URL is a usage error naming it (redacted). */
export function parseQueueUrl(url: string): QueueConnection {
  const shown = redactUrl(url);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`invalid queue URL ${shown}: expected redis://[:password@]host[:port][/db] or rediss://... for TLS`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new UsageError(`invalid queue URL ${shown}: the scheme must be redis:// or rediss:// (TLS), not ${u.protocol}//`);
  }
  if (!u.hostname) throw new UsageError(`invalid queue URL ${shown}: no host`);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new UsageError(`invalid queue URL ${shown}: the path must be a database number`);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  registerSecret(password);
  const options: RedisOptions = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(password ? { password } : {}),
    ...(u.protocol === 'rediss:' ? { tls: { servername: u.hostname } } : {}),
    // BullMQ's blocking commands need this; reconnection is ioredis's default (forever, backing off).
    maxRetriesPerRequest: null,
  };
  return { shown, options };
}

/**
 * Connect once without retrying and PING: an unreachable server or a refused password is
 * unusable input (exit 2) with the URL, password hidden.
 */
export async function checkQueue(connection: QueueConnection, timeoutMs = 5_000): Promise<void> {
  const client = new Redis({ ...connection.options, lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  let cause: Error | undefined;
  client.on('error', (e: Error) => (cause ??= e)); // the first says why (connect() only says "closed")
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (cause ?? (error instanceof Error ? error : new Error(String(error)))).message;
    throw new UnusableInputError(`the queue at ${connection.shown} cannot be used: ${reason.replace(connection.options.password ?? '\u0000', '***')}`);
  } finally {
    client.disconnect();
  }
}
