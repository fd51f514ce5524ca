/** The SAPI routes the emulator serves (fault injection targets one or all of them). */
export type EmulatorRoute = 'solvers' | 'submit' | 'poll' | 'list' | 'problem' | 'cancel' | 'regions';

/**
 * A fault the emulator injects, `times` times (default 1), on `route` (default any):
 * - `status`: answer with an HTTP status (and `Retry-After`) instead of handling the request;
 * - `drop`: close the connection without reading the request (a network error);
 * - `drop-after`: handle the request (a submission is stored!) but close without replying — the
 *   ambiguous failure the client must reconcile;
 * - `delay`: answer after `ms` milliseconds (client timeouts);
 * - `content-type`: answer with this Content-Type header;
 * - `fail-problem` / `hold-problem`: the next submitted problems end FAILED with `message`, or
 *   never finish until cancelled.
 */
export type EmulatorFault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly message?: string; readonly route?: EmulatorRoute; readonly times?: number }
  | { readonly kind: 'drop' | 'drop-after'; readonly route?: EmulatorRoute; readonly times?: number }
  | { readonly kind: 'delay'; readonly ms: number; readonly route?: EmulatorRoute; readonly times?: number }
  | { readonly kind: 'content-type'; readonly value: string; readonly route?: EmulatorRoute; readonly times?: number }
  | { readonly kind: 'fail-problem'; readonly message: string; readonly times?: number }
  | { readonly kind: 'hold-problem'; readonly times?: number };
