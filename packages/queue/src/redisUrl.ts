import { ValidationError } from '@hqml/core';

/** A parsed `--queue` URL. The password is kept out of every text this module produces. */
export interface QueueUrl {
  /** The URL as given (with its password): only for connecting, never for printing. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly tls: boolean;
  readonly username?: string;
  readonly password?: string;
  /** `redis://host:port/db`, with `***` in place of a password: what messages show. */
  readonly display: string;
}

/**
 * Parses `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS). A URL that is
 * not one is refused before anything connects, without echoing a password.
 */
export function parseQueueUrl(raw: string): QueueUrl {
  const refuse = (why: string): never => {
    throw new ValidationError({ what: `--queue ${redactUrl(raw)} is not a Redis URL`, why, fix: 'Write redis://host:port[/db], e.g. redis://127.0.0.1:6379/0 (a password as redis://:PASSWORD@host:port)' });
  };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return refuse('it does not parse as a URL');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') refuse(`its scheme is "${u.protocol.replace(/:$/, '')}", not redis or rediss`);
  if (!u.hostname) refuse('it names no host');
  const port = u.port === '' ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) refuse(`the database "${path}" is not a number`);
  const db = path === '' ? 0 : Number(path);
  if (db > 15) refuse(`database ${db} is out of Redis's default range 0-15`);
  if (u.search || u.hash) refuse('it has a query or fragment, which hqml does not read');
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return {
    url: raw,
    host,
    port,
    db,
    tls: u.protocol === 'rediss:',
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    display: `${u.protocol}//${username ? `${username}${password ? ':***' : ''}@` : password ? ':***@' : ''}${u.host}/${db}`,
  };
}

/** A URL-ish text with any password replaced by `***` (also for text that does not parse). */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}

/**
 * A function that removes the password of `url` (and of any Redis URL) from a text: error
 * messages of the Redis client and of BullMQ pass through it before they are printed.
 */
export function redactor(url: QueueUrl | undefined): (text: string) => string {
  const secrets = [url?.password, url?.password ? encodeURIComponent(url.password) : undefined].filter((s): s is string => !!s && s.length > 0);
  return (text) => {
    let t = redactUrl(text);
    for (const s of secrets) t = t.split(s).join('***');
    return t;
  };
}
