import { HqmlError, type ErrorParts } from '@hqml/core';

/** Base of every error the SAPI client raises; `status` is the HTTP status when there was one. */
export class SapiError extends HqmlError {
  readonly status: number | undefined;
  constructor(parts: ErrorParts, status?: number) {
    super(parts);
    this.status = status;
  }
}

/** 401 or 403: the token is missing, wrong, expired, or lacks access to the solver. */
export class SapiAuthenticationError extends SapiError {}

/** 429 after the retries: the account's request or problem limits were hit. */
export class SapiRateLimitError extends SapiError {}

/** 5xx or a network failure after the retries. */
export class SapiServerError extends SapiError {}

/** Any other refusal (400, 404, 409, ...), carrying the server's message. */
export class SapiRequestError extends SapiError {}

/** A 2xx response that is not what the protocol says (media type, version, JSON shape). */
export class SapiBadResponseError extends SapiError {}

/** A wait ran past its deadline (a request, or a problem that did not finish in time). */
export class SapiTimeoutError extends SapiError {}

/** A problem the server marked FAILED; `serverMessage` is its `error_message`. */
export class ProblemFailedError extends SapiError {
  constructor(
    readonly problemId: string,
    readonly serverMessage: string,
  ) {
    super({ what: `problem ${problemId} FAILED`, why: `the server said: ${serverMessage}`, fix: 'Check the parameters against the solver\'s properties, or resubmit if the failure was transient' });
  }
}

/** A problem that ended CANCELLED (by this client's AbortSignal or by someone else). */
export class ProblemCancelledError extends SapiError {
  constructor(
    readonly problemId: string,
    readonly serverMessage?: string,
  ) {
    super({ what: `problem ${problemId} was CANCELLED`, why: serverMessage ? `the server said: ${serverMessage}` : 'it was cancelled before it completed', fix: 'Resubmit it if the cancellation was not intended' });
  }
}
