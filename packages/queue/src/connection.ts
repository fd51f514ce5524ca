import { ResourceError } from '@hqml/core';
import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { type QueueUrl, redactor } from './redisUrl.js';

/** What a connection is for: BullMQ workers need blocking commands that never time out. */
export type ConnectionRole = 'client' | 'worker';

/**
 * ioredis options for a queue URL. Every connection reconnects with a capped backoff when Redis
 * goes away (a restarted Redis is picked up again). Clients (coordinator, `hqml sweep`, the
 * worker's processes) time commands out after `commandTimeoutMs`, so a Redis that stops
 * answering surfaces as an error instead of a hang; a BullMQ worker's own connections must
 * wait indefinitely (BullMQ's requirement for blocking commands) and report loss through events.
 */
export function redisOptions(url: QueueUrl, role: ConnectionRole, o: { commandTimeoutMs?: number; connectionName?: string } = {}): RedisOptions {
  return {
    host: url.host,
    port: url.port,
    db: url.db,
    ...(url.username ? { username: url.username } : {}),
    ...(url.password ? { password: url.password } : {}),
    ...(url.tls ? { tls: {} } : {}),
    ...(o.connectionName ? { connectionName: o.connectionName } : {}),
    connectTimeout: 10_000,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    ...(role === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 2, commandTimeout: o.commandTimeoutMs ?? 15_000 }),
  };
}

/** A new client connection (see {@link redisOptions}). */
export function openRedis(url: QueueUrl, role: ConnectionRole = 'client', o: { commandTimeoutMs?: number; connectionName?: string } = {}): Redis {
  const r = new Redis(redisOptions(url, role, o));
  // Connection errors are reported by the callers (and retried); an unhandled 'error' event would crash the process.
  r.on('error', () => {});
  return r;
}

/** What {@link checkRedis} found. */
export interface RedisInfo {
  readonly version: string;
  readonly maxmemoryPolicy: string;
}

/**
 * Connects once (no retries) and checks that the server answers, accepts the credentials and is
 * recent enough for BullMQ (Redis >= 5). Fails with a ResourceError that says how to start a
 * Redis or fix the URL, never with the password, within about `timeoutMs`.
 */
export async function checkRedis(url: QueueUrl, timeoutMs = 5000): Promise<RedisInfo> {
  const hide = redactor(url);
  const r = new Redis({ ...redisOptions(url, 'client'), lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0 });
  // The socket's own error (ECONNREFUSED, ...) says more than the client's "Connection is closed".
  let socketError: Error | undefined;
  r.on('error', (e: Error) => (socketError ??= e));
  try {
    await r.connect();
    await r.ping();
    const info = await r.info('server');
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? '0';
    const policy = ((await r.config('GET', 'maxmemory-policy')) as string[])[1] ?? 'unknown';
    if (Number(version.split('.')[0]) < 5) {
      throw new ResourceError({ what: `Redis at ${url.display} is version ${version}`, why: 'BullMQ needs Redis 5 or newer', fix: 'Use a newer Redis (Debian 12 ships 7.0)' });
    }
    return { version, maxmemoryPolicy: policy };
  } catch (e) {
    if (e instanceof ResourceError) throw e;
    const msg = hide((socketError ?? (e as Error)).message ?? String(e));
    const auth = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(msg);
    throw new ResourceError({
      what: `Cannot use Redis at ${url.display}: ${msg}`,
      why: auth ? 'the server refused the credentials in the URL' : 'the queue keeps its jobs and results there, so nothing can run without it',
      fix: auth ? 'Give the password as redis://:PASSWORD@host:port' : `Start one (e.g. \`redis-server --port ${url.port}\`; Debian: apt-get install redis-server), or correct --queue`,
      cause: e,
    });
  } finally {
    r.disconnect();
  }
}
