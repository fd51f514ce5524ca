import type { Redis } from 'ioredis';
import type { SweepPlan } from './sweepPlan.js';

/** Where a sweep stands. */
export type SweepState = 'running' | 'done' | 'failed' | 'cancelled';

/** What Redis keeps about a sweep besides its jobs: the config workers compose, and its plan. */
export interface SweepRecord {
  readonly id: string;
  /** The app plugin id whose {@link SweepApp} runs the cells (`kd`, `anneal-classify`). */
  readonly app: string;
  readonly title: string;
  /** The app's config, as JSON (what every worker composes). */
  readonly config: unknown;
  /** The coordinator's run directory and host (for `hqml sweep status`). */
  readonly runDir: string;
  readonly host: string;
  readonly state: SweepState;
  /** Why it was cancelled or failed. */
  readonly reason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly plan: SweepPlan;
}

/**
 * The sweep records in Redis: a hash per sweep (`<prefix>:sweep:<id>`) and the set of sweep ids
 * (`<prefix>:sweeps`). Jobs carry only their sweep's id, so a config is stored once, however many
 * cells it has.
 */
export class SweepRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'hqml',
  ) {}

  private key(id: string): string {
    return `${this.prefix}:sweep:${id}`;
  }

  /** Creates or replaces a record. */
  async save(r: SweepRecord): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(r.id), { id: r.id, app: r.app, title: r.title, config: JSON.stringify(r.config), runDir: r.runDir, host: r.host, state: r.state, reason: r.reason ?? '', createdAt: r.createdAt, updatedAt: r.updatedAt, plan: JSON.stringify(r.plan) })
      .persist(this.key(r.id))
      .sadd(`${this.prefix}:sweeps`, r.id)
      .exec();
  }

  /** The record of a sweep, or null. */
  async get(id: string): Promise<SweepRecord | null> {
    const h = await this.redis.hgetall(this.key(id));
    if (!h['id']) return null;
    return { id: h['id'], app: h['app'] ?? '', title: h['title'] ?? '', config: JSON.parse(h['config'] ?? 'null') as unknown, runDir: h['runDir'] ?? '', host: h['host'] ?? '', state: (h['state'] ?? 'running') as SweepState, ...(h['reason'] ? { reason: h['reason'] } : {}), createdAt: h['createdAt'] ?? '', updatedAt: h['updatedAt'] ?? '', plan: JSON.parse(h['plan'] ?? '{"cells":[],"gates":[],"artefacts":[]}') as SweepPlan };
  }

  /** The state of a sweep (one field: what workers check between epochs), or null when unknown. */
  async state(id: string): Promise<SweepState | null> {
    return ((await this.redis.hget(this.key(id), 'state')) as SweepState | null) ?? null;
  }

  /** Sets the state (and a reason); a finished sweep's record expires after `expireSeconds`. */
  async setState(id: string, state: SweepState, reason = '', expireSeconds?: number): Promise<void> {
    const m = this.redis.multi().hset(this.key(id), { state, reason, updatedAt: new Date().toISOString() });
    if (expireSeconds !== undefined) m.expire(this.key(id), expireSeconds);
    await m.exec();
  }

  /** Every known sweep id (records that expired are dropped from the set). */
  async ids(): Promise<string[]> {
    const ids = (await this.redis.smembers(`${this.prefix}:sweeps`)).sort();
    const live: string[] = [];
    for (const id of ids) {
      if (await this.redis.exists(this.key(id))) live.push(id);
      else await this.redis.srem(`${this.prefix}:sweeps`, id);
    }
    return live;
  }
}
