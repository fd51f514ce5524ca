import { randomUUID } from 'node:crypto';
import { ValidationError, describeValue } from '@hqml/core';
import { AmbiguousRequestError, HttpTransport, type HttpTransportOptions, type RetryPolicy } from './httpTransport.js';
import { MEDIA_TYPES } from './mediaTypes.js';
import { type SapiConfig, type SapiSettings, type ConfigEnvironment, resolveSapiConfig } from './sapiConfig.js';
import { ProblemCancelledError, ProblemFailedError, SapiError, SapiRequestError, SapiTimeoutError } from './sapiErrors.js';
import { type ProblemJob, type ProblemStatus, type ProblemSubmitError, type SolverRecord, isTerminal } from './sapiTypes.js';
import { type SolverFeatures, filterSolvers } from './solverFilter.js';

/** Options of {@link SapiClient}. */
export interface SapiClientOptions {
  /** Resolved configuration (default: {@link resolveSapiConfig} of `settings`). */
  readonly config?: SapiConfig;
  readonly settings?: SapiSettings;
  readonly environment?: ConfigEnvironment;
  readonly requestTimeout?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Long-poll `timeout` parameter in seconds (0..30, default 30). */
  readonly pollTimeout?: number;
  /** Polling backoff between empty polls: `clip(0.05 · 1.3^i, 0.05, 60)` s (the cloud client's). */
  readonly pollBackoff?: { readonly min: number; readonly max: number; readonly factor: number };
  readonly onRetry?: HttpTransportOptions['onRetry'];
}

/** What {@link SapiClient.submit} returns per job. */
export interface SubmittedProblem {
  readonly id: string;
  readonly label: string;
  readonly status: ProblemStatus;
  /** True when the submit reply was lost and the problem was found by its label. */
  readonly reconciled: boolean;
}

/** A job to submit; the client makes its label unique. */
export type NewJob = Omit<ProblemJob, 'label'> & { readonly label?: string };

const MAX_BATCH = 20;
const MAX_POLL_IDS = 100;

/** Adds a unique suffix so the problem can be found by label after an ambiguous failure. */
export function uniqueLabel(label: string | undefined): string {
  return `${label ?? 'hqml'} #${randomUUID().slice(0, 13)}`;
}

/**
 * A typed SAPI client on Node's fetch: solvers, submission in batches with labels, long polling,
 * answers, cancellation. No submission is silently duplicated: when a submit's outcome is
 * unknown (connection lost, 5xx, timeout), the client lists problems by each job's unique label
 * and adopts what it finds before submitting only what is missing.
 */
export class SapiClient {
  readonly config: SapiConfig;
  readonly endpoint: string;
  private readonly http: HttpTransport;
  private readonly pollTimeout: number;
  private readonly pollBackoff: { min: number; max: number; factor: number };

  constructor(o: SapiClientOptions = {}) {
    this.config = o.config ?? resolveSapiConfig(o.settings, o.environment);
    const endpoint = this.config.endpoint;
    if (endpoint === undefined) {
      throw new ValidationError({ what: 'no SAPI endpoint is configured', why: 'the client needs DWAVE_API_ENDPOINT, a region, or endpoint in dwave.conf', fix: 'Call SapiClient.fromRegion(), or set DWAVE_API_ENDPOINT (the default Leap endpoint is https://cloud.dwavesys.com/sapi/)' });
    }
    this.endpoint = endpoint;
    this.http = new HttpTransport({ endpoint, token: this.config.token, ...(o.requestTimeout !== undefined && { requestTimeout: o.requestTimeout }), ...(o.retry !== undefined && { retry: o.retry }), ...(o.onRetry !== undefined && { onRetry: o.onRetry }) });
    const pt = o.pollTimeout ?? 30;
    if (!(pt >= 0 && pt <= 30)) throw new ValidationError({ what: `pollTimeout is ${describeValue(pt)}`, why: 'SAPI long polls take 0 to 30 s' });
    this.pollTimeout = pt;
    this.pollBackoff = { min: 0.05, max: 60, factor: 1.3, ...o.pollBackoff };
  }

  /** All solvers (`GET solvers/remote/`). */
  listSolvers(options: { signal?: AbortSignal } = {}): Promise<SolverRecord[]> {
    return this.http.request<SolverRecord[]>({ method: 'GET', path: 'solvers/remote/', accept: MEDIA_TYPES.solverList, idempotent: true, ...(options.signal && { signal: options.signal }) });
  }

  /** One solver by name. */
  getSolver(name: string): Promise<SolverRecord> {
    return this.http.request<SolverRecord>({ method: 'GET', path: `solvers/remote/${encodeURIComponent(name)}/`, accept: MEDIA_TYPES.solver, idempotent: true });
  }

  /** The best solver for a name or features (default: the configured `solver`, else an online QPU, lowest load first). */
  async selectSolver(wanted: string | SolverFeatures | undefined = this.config.solver): Promise<SolverRecord> {
    const all = await this.listSolvers();
    const found = filterSolvers(all, wanted);
    if (found.length === 0) {
      throw new SapiRequestError({
        what: `no solver matches ${describeValue(wanted ?? { qpu: true, online: true })}`,
        why: `the endpoint offers: ${all.map((s) => `${s.identity.name} (${s.status ?? 'ONLINE'})`).join(', ') || '(none)'}`,
        fix: 'Pick one of those with DWAVE_API_SOLVER or the solver option; offline solvers are never chosen',
      });
    }
    return found[0]!;
  }

  /**
   * Submits jobs (each gets a unique label) in batches of 20; resolves to one entry per job, or
   * rejects on the first per-job refusal. After an ambiguous failure the batch is reconciled by
   * label and only missing jobs are sent again (once).
   */
  async submit(jobs: readonly NewJob[]): Promise<SubmittedProblem[]> {
    const labelled: ProblemJob[] = jobs.map((j) => ({ ...j, label: uniqueLabel(j.label) }));
    const out: SubmittedProblem[] = [];
    for (let i = 0; i < labelled.length; i += MAX_BATCH) out.push(...(await this.submitBatch(labelled.slice(i, i + MAX_BATCH))));
    return out;
  }

  private post(batch: readonly ProblemJob[]): Promise<Array<ProblemStatus | ProblemSubmitError>> {
    return this.http.request({ method: 'POST', path: 'problems/', body: batch, accept: MEDIA_TYPES.problems, idempotent: false });
  }

  private async submitBatch(batch: ProblemJob[]): Promise<SubmittedProblem[]> {
    try {
      const reply = await this.post(batch);
      if (!Array.isArray(reply) || reply.length !== batch.length) {
        throw new SapiRequestError({ what: `the submit reply has ${Array.isArray(reply) ? reply.length : 'no'} entries for ${batch.length} jobs`, why: 'SAPI answers one entry per job' });
      }
      return batch.map((job, k) => this.accepted(job, reply[k]!, false));
    } catch (err) {
      if (!(err instanceof AmbiguousRequestError)) throw err;
    }
    // the outcome is unknown: adopt what the server has under our labels, send only the rest
    const found = await this.findByLabels(batch.map((j) => j.label));
    const missing = batch.filter((j) => !found.has(j.label));
    const fresh = new Map<string, ProblemStatus | ProblemSubmitError>();
    if (missing.length > 0) {
      try {
        const reply = await this.post(missing);
        missing.forEach((j, k) => fresh.set(j.label, reply[k]!));
      } catch (err) {
        if (!(err instanceof AmbiguousRequestError)) throw err;
        const second = await this.findByLabels(missing.map((j) => j.label));
        for (const [k, v] of second) found.set(k, v);
        if (second.size < missing.length) throw err;
      }
    }
    return batch.map((job) => {
      const f = found.get(job.label);
      return f ? this.accepted(job, f, true) : this.accepted(job, fresh.get(job.label)!, false);
    });
  }

  private accepted(job: ProblemJob, r: ProblemStatus | ProblemSubmitError, reconciled: boolean): SubmittedProblem {
    if ('error_code' in r) {
      throw new SapiRequestError({ what: `the server refused problem ${describeValue(job.label)} (${r.error_code})`, why: r.error_msg, fix: 'Check the parameters against the solver\'s properties' }, r.error_code);
    }
    return { id: r.id, label: job.label, status: r, reconciled };
  }

  /** Problems by label (`GET problems/?label=...`), the way to reconcile an ambiguous submit. */
  async findByLabels(labels: readonly string[]): Promise<Map<string, ProblemStatus>> {
    const found = new Map<string, ProblemStatus>();
    for (const label of labels) {
      const list = await this.http.request<ProblemStatus[]>({ method: 'GET', path: 'problems/', query: { label }, accept: MEDIA_TYPES.problems, idempotent: true });
      const match = list.filter((p) => p.label === label);
      if (match.length > 1) throw new SapiError({ what: `${match.length} problems carry the label ${describeValue(label)}`, why: 'labels made by hqml are unique, so this should not happen', fix: 'Cancel the extra problems on the dashboard' });
      if (match[0]) found.set(label, match[0]);
    }
    return found;
  }

  /** Statuses of up to 100 problems; with `timeout` > 0 the server holds the request until one changes (long poll). */
  pollStatuses(ids: readonly string[], timeout = this.pollTimeout, signal?: AbortSignal): Promise<ProblemStatus[]> {
    return this.http.request<ProblemStatus[]>({ method: 'GET', path: 'problems/', query: { id: ids.join(','), timeout: timeout > 0 ? timeout : undefined }, accept: MEDIA_TYPES.problems, idempotent: true, timeout: timeout + 60, ...(signal && { signal }) });
  }

  /** One problem's status, with the answer when it is COMPLETED. */
  getProblem(id: string): Promise<ProblemStatus> {
    return this.http.request<ProblemStatus>({ method: 'GET', path: `problems/${encodeURIComponent(id)}/`, accept: MEDIA_TYPES.problem, idempotent: true });
  }

  /** Cancels a problem (`DELETE problems/{id}/`); resolves to its status. */
  cancel(id: string): Promise<ProblemStatus> {
    return this.http.request<ProblemStatus>({ method: 'DELETE', path: `problems/${encodeURIComponent(id)}/`, accept: MEDIA_TYPES.problem, idempotent: true });
  }

  /**
   * Waits for problems to finish by long polling (batches of 100, backoff between empty polls),
   * fetching answers that a COMPLETED status lacks. FAILED and CANCELLED become typed errors;
   * `timeout` (seconds) bounds the whole wait; an aborted `signal` cancels the remote problems.
   */
  async wait(ids: readonly string[], options: { timeout?: number; signal?: AbortSignal } = {}): Promise<ProblemStatus[]> {
    const deadline = options.timeout === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeout * 1000;
    const done = new Map<string, ProblemStatus>();
    let empty = 0;
    const onAbort = (): void => {
      for (const id of ids) if (!done.has(id)) void this.cancel(id).catch(() => undefined);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      while (done.size < ids.length) {
        if (options.signal?.aborted) throw options.signal.reason as Error;
        const left = (deadline - Date.now()) / 1000;
        if (left <= 0) {
          const pending = ids.filter((id) => !done.has(id));
          throw new SapiTimeoutError({ what: `problems ${pending.join(', ')} did not finish within ${options.timeout} s`, why: 'the wait has a deadline', fix: 'Raise the timeout, or fetch the answers later by id' });
        }
        const pending = ids.filter((id) => !done.has(id)).slice(0, MAX_POLL_IDS);
        const statuses = await this.pollStatuses(pending, Math.max(0, Math.min(this.pollTimeout, Math.floor(left))), options.signal);
        let changed = false;
        for (const s of statuses) {
          if (!isTerminal(s.status) || done.has(s.id)) continue;
          changed = true;
          if (s.status === 'FAILED') throw new ProblemFailedError(s.id, s.error_message ?? '(no message)');
          if (s.status === 'CANCELLED') throw new ProblemCancelledError(s.id, s.error_message);
          done.set(s.id, s.answer ? s : await this.getProblem(s.id));
        }
        if (changed) empty = 0;
        else if (done.size < ids.length) {
          const wait = Math.min(this.pollBackoff.max, Math.max(this.pollBackoff.min, this.pollBackoff.min * this.pollBackoff.factor ** empty++));
          await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, (deadline - Date.now()) / 1000)) * 1000));
        }
      }
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    return ids.map((id) => done.get(id)!);
  }
}
