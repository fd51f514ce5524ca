import { ValidationError } from '@hqml/core';

/** How a run reaches its queue, and how patient it is (the `--queue`, `--attempts`, `--backoff` options). */
export interface QueueSettings {
  /** `redis://[:password@]host:port[/db]`. */
  readonly url: string;
  /** Tries per job (default 3). */
  readonly attempts?: number;
  /** First retry delay in ms, doubled each time (default 10,000). */
  readonly backoffMs?: number;
  /** Poll interval of the coordinator in ms (default 1,000). */
  readonly pollMs?: number;
  /** How long Redis may stay unreachable before the coordinator gives up (ms, default 120,000). */
  readonly redisTimeoutMs?: number;
  /** The BullMQ queue name (default `hqml-cells`). */
  readonly queueName?: string;
}

/** The queue settings of an app command's `--queue URL [--attempts N] [--backoff MS]` flags, checked. */
export function queueSettings(url: string, flags: { attempts?: string | undefined; backoff?: string | undefined }): QueueSettings {
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
