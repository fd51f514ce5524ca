/**
 * The hqml error hierarchy.
 *
 * Design note: every error carries three parts, because a user who hits one needs all three:
 * what happened, why it is a problem, and how to fix it. `message` joins them so that a plain
 * `console.error(err)` already says everything; the parts stay available for tools.
 */

/** The three parts every hqml error message is made of. */
export interface ErrorParts {
  /** What happened, naming the argument and the value received. */
  readonly what: string;
  /** Why that is a problem (the rule that was broken). */
  readonly why?: string;
  /** How to fix it. */
  readonly fix?: string;
  /** The underlying error, when this one wraps another. */
  readonly cause?: unknown;
}

function compose(parts: ErrorParts): string {
  let text = parts.what;
  if (parts.why) text += `: ${parts.why}`;
  if (!/[.!?]$/.test(text)) text += '.';
  if (parts.fix) text += ` ${parts.fix}${/[.!?]$/.test(parts.fix) ? '' : '.'}`;
  return text;
}

/** Base class of every error hqml throws on purpose. */
export class HqmlError extends Error {
  /** What happened. */
  readonly what: string;
  /** Why it is a problem, if stated. */
  readonly why: string | undefined;
  /** How to fix it, if known. */
  readonly fix: string | undefined;

  constructor(parts: ErrorParts | string) {
    const p: ErrorParts = typeof parts === 'string' ? { what: parts } : parts;
    super(compose(p), p.cause === undefined ? undefined : { cause: p.cause });
    this.name = new.target.name;
    this.what = p.what;
    this.why = p.why;
    this.fix = p.fix;
  }
}

/** An argument, configuration value or input does not satisfy a documented rule. */
export class ValidationError extends HqmlError {}

/** A plugin id or registry key was asked for that nothing registered. */
export class PluginNotFoundError extends HqmlError {
  /** The id that was asked for. */
  readonly id: string;
  /** The ids that are registered. */
  readonly available: readonly string[];

  constructor(id: string, available: readonly string[], kind = 'plugin') {
    const list = available.length > 0 ? [...available].sort().join(', ') : '(none registered)';
    super({
      what: `No ${kind} with id "${id}" is registered`,
      why: `the registered ${kind} ids are: ${list}`,
      fix: `Use one of those ids, or make sure the package that provides "${id}" is installed and registered`,
    });
    this.id = id;
    this.available = [...available];
  }
}

/**
 * An installed plugin package could not be imported (a broken install, a stale build, a failing
 * top-level import). Names the package, so that the rest of hqml can go on without it.
 */
export class PluginLoadError extends HqmlError {
  /** The package that failed to load. */
  readonly packageName: string;

  constructor(packageName: string, parts: ErrorParts) {
    super(parts);
    this.packageName = packageName;
  }
}

/** The operation is valid in general but this implementation or configuration cannot do it. */
export class UnsupportedError extends HqmlError {}

/** A data file or data set is missing, corrupt or inconsistent. */
export class DataError extends HqmlError {}

/** A computation would exceed a resource budget (memory, qubits, variables). */
export class ResourceError extends HqmlError {}

/** Formats a value for an error message: short, unambiguous, never throws. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) {
    const head = value.slice(0, 8).map(describeValue).join(', ');
    return `[${head}${value.length > 8 ? `, ... (${value.length} items)` : ''}]`;
  }
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as { length: number }).length})`;
  try {
    const json = JSON.stringify(value);
    return json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
