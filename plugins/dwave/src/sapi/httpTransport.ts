import { ValidationError, describeValue } from '@hqml/core';
import { ASK_VERSION, parseContentType, versionInRange, versionRangeOf } from './mediaTypes.js';
import type { Secret } from './secret.js';
import { SapiAuthenticationError, SapiBadResponseError, SapiRateLimitError, SapiRequestError, SapiServerError, SapiTimeoutError } from './sapiErrors.js';

/** Retry policy (dwave-cloud-client: urllib3 `Retry(total=10, backoff_factor=0.01, backoff_max=60)`). */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly total: number;
  /** Seconds: the i-th retry waits `min(backoffMax, backoffFactor · 2^i)` unless the server says Retry-After. */
  readonly backoffFactor: number;
  readonly backoffMax: number;
}

/** Options of {@link HttpTransport}. */
export interface HttpTransportOptions {
  readonly endpoint: string;
  readonly token: Secret | undefined;
  /** Per-request timeout in seconds (default 60, like the cloud client). */
  readonly requestTimeout?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Called before each retry (logging, tests); never receives the token. */
  readonly onRetry?: (event: { method: string; path: string; attempt: number; reason: string; waitSeconds: number }) => void;
}

/** One request. */
export interface SapiRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Relative to the endpoint, e.g. `problems/`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
  /** The media type to ask for and to require in the response. */
  readonly accept: string;
  /** Safe to repeat: GET, and DELETE (cancel). POST (submit) is not retried after it may have reached the server. */
  readonly idempotent: boolean;
  readonly signal?: AbortSignal;
  /** Overrides the per-request timeout (seconds), e.g. for long polls. */
  readonly timeout?: number;
}

/** Thrown (inside the transport) for failures after which the request may or may not have been processed. */
export class AmbiguousRequestError extends SapiServerError {}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function sleep(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolveSleep, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolveSleep();
    }, seconds * 1000);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds from a Retry-After header (delta seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const t = value.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const date = Date.parse(t);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/**
 * SAPI over Node's fetch: the auth header, versioned `Accept`, `Content-Type` checks, retries
 * with backoff, Retry-After, timeouts, and errors that never carry the token.
 *
 * Retries: 429 is retried for every method (the server did not take the request), honouring
 * Retry-After; 5xx and network errors only for idempotent requests. A non-idempotent request that
 * fails after it may have reached the server raises {@link AmbiguousRequestError}, so the caller
 * can reconcile (the client looks the problem up by label) instead of sending it twice.
 */
export class HttpTransport {
  readonly endpoint: URL;
  private readonly token: Secret | undefined;
  private readonly timeout: number;
  private readonly retry: RetryPolicy;
  private readonly onRetry: HttpTransportOptions['onRetry'];

  constructor(o: HttpTransportOptions) {
    let url: URL;
    try {
      url = new URL(o.endpoint.endsWith('/') ? o.endpoint : `${o.endpoint}/`);
    } catch {
      throw new ValidationError({ what: `SAPI endpoint ${describeValue(o.endpoint)}`, why: 'it is not a URL', fix: 'Set DWAVE_API_ENDPOINT to e.g. https://cloud.dwavesys.com/sapi/' });
    }
    if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
      throw new ValidationError({ what: `SAPI endpoint ${url.origin} uses plain http`, why: 'the API token would travel unencrypted; plain http is allowed only to loopback (127.0.0.1, ::1, localhost) for the local emulator', fix: 'Use an https:// endpoint' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError({ what: `SAPI endpoint protocol ${url.protocol}`, why: 'SAPI speaks http(s)' });
    this.endpoint = url;
    this.token = o.token;
    this.timeout = o.requestTimeout ?? 60;
    this.retry = { total: o.retry?.total ?? 10, backoffFactor: o.retry?.backoffFactor ?? 0.01, backoffMax: o.retry?.backoffMax ?? 60 };
    this.onRetry = o.onRetry;
  }

  /** Sends a request; resolves to the parsed JSON body of a 2xx response whose media type matches. */
  async request<T>(req: SapiRequest): Promise<T> {
    if (!this.token) {
      throw new SapiAuthenticationError({ what: 'no SAPI token is configured', why: 'every SAPI request needs X-Auth-Token', fix: 'Set DWAVE_API_TOKEN, or put token = ... in your dwave.conf profile (never in an hqml config file)' });
    }
    const url = new URL(req.path, this.endpoint);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const where = `${req.method} ${url.pathname}`;
    for (let attempt = 0; ; attempt++) {
      const timeout = req.timeout ?? this.timeout;
      const timer = AbortSignal.timeout(timeout * 1000);
      const signal = req.signal ? AbortSignal.any([req.signal, timer]) : timer;
      let response: Response;
      try {
        response = await fetch(url, {
          method: req.method,
          headers: {
            'X-Auth-Token': this.token.reveal(),
            Accept: `${req.accept}; version=${ASK_VERSION}`,
            'User-Agent': 'hqml-dwave',
            ...(req.body !== undefined && { 'Content-Type': 'application/json' }),
          },
          ...(req.body !== undefined && { body: JSON.stringify(req.body) }),
          signal,
        });
      } catch (cause) {
        if (req.signal?.aborted) throw req.signal.reason as Error;
        const timedOut = timer.aborted;
        const reason = timedOut ? `no response within ${timeout} s` : `network error (${this.token.scrub(String((cause as Error)?.cause ?? cause))})`;
        if (req.idempotent && attempt < this.retry.total) {
          await this.pause(req, attempt, reason, undefined);
          continue;
        }
        const parts = { what: `${where} failed: ${reason}`, why: req.idempotent ? `it still failed after ${attempt} retries` : 'the request may have reached the server, so it is not repeated blindly', fix: 'Check the network and the endpoint, then try again' };
        if (!req.idempotent) throw new AmbiguousRequestError(parts);
        throw timedOut ? new SapiTimeoutError(parts) : new SapiServerError(parts);
      }
      if (response.ok) return this.parse<T>(response, req, where);
      const text = this.token.scrub(await response.text().catch(() => ''));
      let message = text;
      try {
        const j = JSON.parse(text) as { error_msg?: unknown };
        if (typeof j.error_msg === 'string') message = j.error_msg;
      } catch {
        // plain-text error body
      }
      const status = response.status;
      if (status === 401 || status === 403) {
        throw new SapiAuthenticationError(
          {
            what: `${where} was refused with ${status}${message ? ` (${message})` : ''}`,
            why: status === 401 ? 'the SAPI token is missing, wrong or expired' : 'the token has no access to this resource (project or solver)',
            fix: 'Set DWAVE_API_TOKEN (or token in your dwave.conf profile) to a valid token of a project with access to the solver',
          },
          status,
        );
      }
      const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
      if (status === 429) {
        if (attempt < this.retry.total) {
          await this.pause(req, attempt, 'HTTP 429', retryAfter);
          continue;
        }
        throw new SapiRateLimitError({ what: `${where} was rate-limited (429) ${attempt + 1} times${message ? `: ${message}` : ''}`, why: 'the account hit its request or problem limits', fix: 'Wait and retry later, or lower the submission rate' }, status);
      }
      if (status >= 500) {
        if (req.idempotent && attempt < this.retry.total) {
          await this.pause(req, attempt, `HTTP ${status}`, retryAfter);
          continue;
        }
        const parts = { what: `${where} failed with ${status}${message ? `: ${message}` : ''}`, why: req.idempotent ? `the server kept failing after ${attempt} retries` : 'the server failed while handling a submission, which may or may not have been stored', fix: 'Try again later' };
        if (!req.idempotent) throw new AmbiguousRequestError(parts, status);
        throw new SapiServerError(parts, status);
      }
      throw new SapiRequestError({ what: `${where} was refused with ${status}${message ? `: ${message}` : ''}`, why: 'the server did not accept the request', fix: status === 404 ? 'Check the solver name or problem id' : 'Check the request against the solver\'s properties' }, status);
    }
  }

  private async pause(req: SapiRequest, attempt: number, reason: string, retryAfter: number | undefined): Promise<void> {
    const backoff = Math.min(this.retry.backoffMax, this.retry.backoffFactor * 2 ** attempt);
    const wait = retryAfter !== undefined ? Math.min(this.retry.backoffMax, retryAfter) : backoff;
    this.onRetry?.({ method: req.method, path: req.path, attempt: attempt + 1, reason, waitSeconds: wait });
    await sleep(wait, req.signal);
  }

  private async parse<T>(response: Response, req: SapiRequest, where: string): Promise<T> {
    const ct = parseContentType(response.headers.get('Content-Type'));
    const fix = 'Point DWAVE_API_ENDPOINT at a SAPI server (or hqml dwave emulate)';
    if (!ct) throw new SapiBadResponseError({ what: `${where} answered without a Content-Type`, why: `the protocol requires ${req.accept}`, fix }, response.status);
    if (ct.mediaType !== req.accept) throw new SapiBadResponseError({ what: `${where} answered with media type ${ct.mediaType}`, why: `expected ${req.accept}`, fix }, response.status);
    const version = ct.params.version;
    const range = versionRangeOf(req.accept);
    if (version === undefined || !versionInRange(version, range)) {
      throw new SapiBadResponseError({ what: `${where} answered with ${req.accept} version ${describeValue(version)}`, why: `hqml understands versions >= ${range.min.join('.')} and < ${range.below.join('.')}`, fix: 'Upgrade @hqml/dwave, or check the endpoint' }, response.status);
    }
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new SapiBadResponseError({ what: `${where} answered with a body that is not JSON`, why: `the body starts ${describeValue(this.token!.scrub(text.slice(0, 60)))}`, fix }, response.status);
    }
  }
}
