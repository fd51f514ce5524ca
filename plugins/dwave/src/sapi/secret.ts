import { inspect } from 'node:util';

/**
 * A secret (the SAPI token) that does not print: `String()`, `JSON.stringify`, `util.inspect`
 * and template literals all give `[redacted]`; only {@link Secret.reveal} returns the value,
 * and only the HTTP transport calls it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    Object.freeze(this);
  }

  /** The value, for the `X-Auth-Token` header and nothing else. */
  reveal(): string {
    return this.#value;
  }

  /** Removes every occurrence of the secret from a text (for messages built from server replies). */
  scrub(text: string): string {
    return this.#value.length === 0 ? text : text.split(this.#value).join('[redacted]');
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}
