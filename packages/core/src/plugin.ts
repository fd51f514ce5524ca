import type { Command } from 'commander';
import type { z } from 'zod';
import { type DependencyContainer, type Token, provide, provideMany } from './di.js';
import { ValidationError, describeValue } from './errors.js';
import { formatZodError } from './config.js';
import type { PluginRegistry } from './registry.js';
import { MULTI_KINDS, type PluginKind } from './pluginKinds.js';

// The kinds live in their own module so that the CLI can start without this one's imports.
export { PLUGIN_KINDS, MULTI_KINDS, type PluginKind } from './pluginKinds.js';

/**
 * A plugin: a stable short id (`statevector`, `anneal.sa`, ...) and a way to build and register
 * its implementation. Plugins never register anything on import; the composition root calls
 * `register(container, options)` for the ids its config names.
 */
export interface HqmlPlugin<T = unknown, O = unknown> {
  readonly id: string;
  readonly kind: PluginKind;
  readonly description: string;
  /** Declared abilities (max qubits, gradient methods, ...), shown by `hqml plugins`. */
  readonly capabilities: Readonly<Record<string, unknown>>;
  /**
   * The accepted options, exactly: a zod schema with its defaults (absent: the plugin takes no
   * options). `hqml plugins --json` shows it as JSON Schema.
   */
  readonly optionsSchema?: z.ZodType<O>;
  /**
   * Validates raw options (from a config or a command line) against {@link optionsSchema},
   * applying its defaults; a ValidationError names the plugin and each offending option.
   */
  parseOptions(raw: unknown): O;
  /** Validates `options` ({@link parseOptions}) and builds the implementation (not registered anywhere). */
  create(options: unknown, container: DependencyContainer): Promise<T>;
  /** Validates options, builds the implementation and registers it under the plugin's token. */
  register(container: DependencyContainer, options?: unknown): Promise<T>;
}

/** Specification of {@link definePlugin}. */
export interface PluginSpec<T, O> {
  readonly id: string;
  readonly kind: PluginKind;
  readonly description: string;
  readonly capabilities?: Readonly<Record<string, unknown>>;
  /**
   * The token the implementation is registered under (omit to only `create`). For the
   * multi-valued kinds (`mitigator`, `dataset`; see {@link MULTI_KINDS}) `register` adds it to
   * the token's list instead of refusing a second registration.
   */
  readonly token?: Token<T>;
  /** Schema of the options (zod); parsed before `create`, with its defaults applied. */
  readonly options?: z.ZodType<O>;
  readonly create: (options: O, container: DependencyContainer) => T | Promise<T>;
}

const ID = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;

/** Builds a plugin with option validation and token registration supplied. */
export function definePlugin<T, O = Record<string, never>>(spec: PluginSpec<T, O>): HqmlPlugin<T, O> {
  if (!ID.test(spec.id)) {
    throw new ValidationError({ what: `plugin id "${spec.id}" is malformed`, why: 'ids are lower-case words joined by "." or "-", e.g. "anneal.sa"', fix: 'Rename the plugin' });
  }
  const parseOptions = (raw: unknown): O => {
    if (!spec.options) {
      if (raw === undefined || raw === null || (typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 0)) return {} as O;
      throw new ValidationError({ what: `Invalid options for plugin "${spec.id}": ${describeValue(raw)}`, why: 'this plugin takes no options', fix: 'Remove the options (`hqml plugins --json` lists every plugin\'s options)' });
    }
    const r = spec.options.safeParse(raw ?? {});
    if (!r.success) throw new ValidationError({ what: `Invalid options for plugin "${spec.id}"`, why: formatZodError(r.error), fix: 'Fix the listed option(s); `hqml plugins --json` lists the options of every plugin' });
    return r.data;
  };
  const create = async (options: unknown, container: DependencyContainer): Promise<T> => spec.create(parseOptions(options), container);
  const plugin: HqmlPlugin<T, O> = {
    id: spec.id,
    kind: spec.kind,
    description: spec.description,
    capabilities: Object.freeze({ ...(spec.capabilities ?? {}) }),
    ...(spec.options ? { optionsSchema: spec.options } : {}),
    parseOptions,
    create,
    async register(container, options) {
      const value = await create(options, container);
      if (spec.token) {
        if (MULTI_KINDS.includes(spec.kind)) provideMany(container, spec.token, value);
        else provide(container, spec.token, value);
      }
      return value;
    },
  };
  return Object.freeze(plugin);
}

/** Services a command gets from the CLI. */
export interface CommandContext {
  /** Every plugin the CLI found. */
  readonly registry: PluginRegistry;
  /** Writes a line to standard output. */
  readonly print: (line: string) => void;
}

/**
 * A CLI subcommand contributed by a package (`hqml qasm`, `hqml anneal`, `hqml bench ...`).
 * The CLI calls `register` for each contribution it discovers; there is no central switch.
 */
export interface CommandContribution {
  readonly name: string;
  register(program: Command, context: CommandContext): void;
}

/**
 * A benchmark suite for `hqml bench <suite>`: yields one record per measurement.
 */
export interface BenchSuite {
  readonly name: string;
  readonly description: string;
  run(options: { quick: boolean; threads?: number }): AsyncIterable<BenchRecord>;
}

/** One benchmark measurement, printed as one JSON line by `hqml bench --json`. */
export interface BenchRecord {
  readonly suite: string;
  readonly case: string;
  readonly sizes?: Readonly<Record<string, number | string>>;
  readonly threads?: number;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly [extra: string]: unknown;
}

/** One line of `hqml doctor`: what was checked and what was found. */
export interface DoctorFinding {
  readonly check: string;
  readonly status: 'ok' | 'warn' | 'missing';
  readonly detail: string;
}

/** A check a package contributes to `hqml doctor` (TF.js backends, data sets, ...). */
export interface DoctorCheck {
  readonly name: string;
  run(): Promise<readonly DoctorFinding[]>;
}

/**
 * What a package exposes to hqml through its `./plugin` export (PennyLane's entry points):
 * plugins, CLI commands, benchmark suites and doctor checks. The CLI finds every installed
 * package whose package.json has `"hqml": { "plugin": "./plugin" }` and imports that export.
 */
export interface HqmlModule {
  readonly plugins?: readonly HqmlPlugin[];
  readonly commands?: readonly CommandContribution[];
  readonly benchmarks?: readonly BenchSuite[];
  readonly doctor?: readonly DoctorCheck[];
}
