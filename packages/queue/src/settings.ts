import { ValidationError } from '@hqml/core';

/** How a run reaches its queue, and how patient it is (the `--queue`, `--attempts`, `--backoff` options). */
export interface QueueSettings {
  /** `redis://[:password@]host:port[/db]`. */
  readonly url: string;
  /** Tries per job (default 3). */
  readonly attempts?: number;
  /** First retry delay in ms, doubled each time (default 10,000). */
  readonly backoffMs?: number;
  /** Poll interval of the coordinator in ms (default 1,000, longer for sweeps of more than 100 cells, at most 5,000). */
  readonly pollMs?: number;
  /** How long Redis may stay unreachable before the coordinator gives up (ms, default 120,000). */
  readonly redisTimeoutMs?: number;
  /** The BullMQ queue name (default `hqml-cells`). */
  readonly queueName?: string;
}

/** The environment variable a `--queue` flag without a URL reads (keeps a password off the command line, which `ps` shows). */
export const QUEUE_ENV = 'HQML_QUEUE';

/**
 * The URL of a `--queue [url]` flag: the one given, else the `HQML_QUEUE` environment variable
 * (where a URL with a password belongs: command lines are visible to every user of a machine).
 */
export function queueUrlOf(flag: string | true, env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (typeof flag === 'string') return flag;
  const v = env[QUEUE_ENV];
  if (!v) throw new ValidationError({ what: '--queue was given without a URL and HQML_QUEUE is not set', why: 'the queue is a Redis URL', fix: 'Pass --queue redis://host:port[/db], or set HQML_QUEUE (better for a URL with a password)' });
  return v;
}

/** The queue settings of an app command's `--queue [URL] [--attempts N] [--backoff MS]` flags, checked. */
export function queueSettings(flag: string | true, flags: { attempts?: string | undefined; backoff?: string | undefined }): QueueSettings {
  const url = queueUrlOf(flag);
  const num = (flag: string, v: string | undefined, min: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new ValidationError({ what: `${flag} is "${v}"`, why: `it is a whole number >= ${min}`, fix: `Pass e.g. ${flag} ${flag === '--attempts' ? 3 : 10000}` });
    return n;
  };
  const attempts = num('--attempts', flags.attempts, 1);
  const backoffMs = num('--backoff', flags.backoff, 0);
  return { url, ...(attempts !== undefined ? { attempts } : {}), ...(backoffMs !== undefined ? { backoffMs } : {}) };
}
