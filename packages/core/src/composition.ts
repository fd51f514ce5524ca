import type { Annealer } from './contracts/annealer.js';
import { type Mitigator, applyMitigators } from './contracts/mitigator.js';
import type { QuantumBackend } from './contracts/quantumBackend.js';
import { type DependencyContainer, type Token, Tokens, createContainer, inject, injectAll, provide, provideMany } from './di.js';
import { ValidationError, describeValue } from './errors.js';
import { type HqmlPlugin, MULTI_KINDS, type PluginKind } from './plugin.js';
import type { PluginRef, PluginRegistry } from './registry.js';

/** A plugin reference of a config, where it sits (for messages) and the kind it must be. */
export interface PartRef {
  /** Config path, e.g. `experiments[1].dataset`. */
  readonly path: string;
  readonly kind: PluginKind;
  /** The reference; `undefined` for an optional part the config leaves out. */
  readonly ref: PluginRef | undefined;
  /** For `mitigator` refs: what the slot wraps. */
  readonly target?: 'backend' | 'annealer';
}

/** The id of a plugin reference. */
export function refId(ref: PluginRef): string {
  return typeof ref === 'string' ? ref : ref.id;
}

/** The options of a plugin reference (`{}` when it gives none). */
export function refOptions(ref: PluginRef): Readonly<Record<string, unknown>> {
  return typeof ref === 'string' ? {} : ((ref.options as Record<string, unknown> | undefined) ?? {});
}

/** A reference for people: `statevector`, or `statevector (threads 1, noiseMethod "auto")` with its options. */
export function refLabel(ref: PluginRef): string {
  const o = Object.entries(refOptions(ref));
  return o.length ? `${refId(ref)} (${o.map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')})` : refId(ref);
}

/** `an` before a vowel, else `a`. */
function article(word: string): string {
  return /^"?[aeiou]/i.test(word) ? 'an' : 'a';
}

/** A mitigator plugin's declared target (`capabilities.target`), if it declares one. */
function declaredTarget(plugin: HqmlPlugin): string | undefined {
  const t = plugin.capabilities['target'];
  return typeof t === 'string' ? t : undefined;
}

/**
 * Checks every plugin a config names before anything is built: the id is registered with the
 * right kind (an unknown id lists the registered ids of that kind), its options pass the
 * plugin's schema, and a mitigator wraps what its slot holds. All problems are reported at once.
 */
export function checkPluginRefs(registry: PluginRegistry, refs: readonly PartRef[]): void {
  const problems: string[] = [];
  for (const { path, ref, kind, target } of refs) {
    if (ref === undefined) continue;
    const id = refId(ref);
    if (!registry.has(id, kind)) {
      const ids = registry.ids(kind);
      const other = registry.has(id) ? ` ("${id}" is a ${registry.get(id).kind} plugin)` : '';
      problems.push(`at ${path}: unknown ${kind} "${id}"${other}; registered ${kind} ids: ${ids.length ? ids.join(', ') : '(none)'}`);
      continue;
    }
    const plugin = registry.get(id, kind);
    try {
      plugin.parseOptions(refOptions(ref));
    } catch (e) {
      problems.push(`at ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const declared = declaredTarget(plugin);
    if (kind === 'mitigator' && target !== undefined && declared !== undefined && declared !== target) {
      problems.push(`at ${path}: mitigator "${id}" wraps ${article(declared)} ${declared}, but this list wraps the ${target}`);
    }
  }
  if (problems.length > 0) {
    throw new ValidationError({
      what: problems.length === 1 ? `The config names a plugin that cannot be used` : `The config names ${problems.length} plugins that cannot be used`,
      why: problems.join('; '),
      fix: 'Use the registered ids and their options (`hqml plugins`, `hqml plugins --json` for the option schemas), or install the package that provides the plugin',
    });
  }
}

/**
 * One composition root's resolver: it builds every part a config names by plugin id through the
 * registry and registers it in the root's tsyringe container under its kind's core token. Apps
 * call {@link check} with all their references first, so an unknown id or a bad option fails
 * before any compute is spent or any file is written.
 *
 * - Shared parts ({@link part}): built once per (id, options) and registered (datasets, the
 *   trainer, the evaluator).
 * - Per-use parts ({@link build}): a fresh instance with per-use options merged over the
 *   config's (models: one per cell and seed); not registered.
 * - The backend and the annealer ({@link backend}, {@link annealer}): built, wrapped by the
 *   config's mitigators for that target in order (first innermost, core's
 *   `applyMitigators`), and registered, so the models and solvers that inject
 *   `Tokens.QuantumBackend` get the mitigated one.
 */
export class Composition {
  private readonly shared = new Map<string, Promise<unknown>>();
  private readonly owned: Array<{ dispose?(): unknown }> = [];

  constructor(
    readonly registry: PluginRegistry,
    readonly container: DependencyContainer = createContainer(),
  ) {}

  /**
   * A composition over a child container: it sees this one's registrations, and may register
   * its own backend and annealer (an experiment that overrides the run's backend or mitigators).
   * Its parts are disposed with this composition.
   */
  child(): Composition {
    const c = new Composition(this.registry, this.container.createChildContainer());
    this.owned.push(c);
    return c;
  }

  /**
   * Checks references before anything is built (see {@link checkPluginRefs}), after the registry
   * has loaded the plugins they name (a registry built from manifests imports them only now).
   */
  async check(refs: readonly PartRef[]): Promise<void> {
    await this.registry.load(refs.flatMap((r) => (r.ref === undefined ? [] : [refId(r.ref)])));
    checkPluginRefs(this.registry, refs);
  }

  /** The shared part of `ref`, built and registered under its kind's token the first time. */
  async part<T>(ref: PluginRef, kind: PluginKind): Promise<T> {
    await this.registry.load([refId(ref)]);
    const plugin = this.registry.get<T>(refId(ref), kind);
    const options = plugin.parseOptions(refOptions(ref));
    const key = `${kind}\u0000${plugin.id}\u0000${JSON.stringify(options)}`;
    let p = this.shared.get(key) as Promise<T> | undefined;
    if (!p) {
      p = (async () => {
        const value = await plugin.create(options, this.container);
        const tok = tokenOf(kind);
        // Lists for the kinds an app holds several of; one value for the others (a second one is an error).
        if (tok) (LIST_KINDS.includes(kind) ? provideMany : provide)(this.container, tok as Token<unknown>, value);
        return value;
      })();
      this.shared.set(key, p);
    }
    return p;
  }

  /** A fresh part of `ref` with `overrides` merged over the config's options (not registered). */
  build<T>(ref: PluginRef, kind: PluginKind, overrides: Readonly<Record<string, unknown>> = {}): Promise<T> {
    const plugin = this.registry.get<T>(refId(ref), kind);
    return plugin.create({ ...refOptions(ref), ...overrides }, this.container);
  }

  /** The mitigators of `refs` for `target`, built in order. */
  async mitigators<T>(refs: readonly PluginRef[], target: 'backend' | 'annealer'): Promise<Mitigator<T>[]> {
    const out: Mitigator<T>[] = [];
    for (const [i, ref] of refs.entries()) {
      const m = await this.part<Mitigator<T>>(ref, 'mitigator');
      if (m.target !== target) {
        throw new ValidationError({ what: `mitigators[${i}] "${refId(ref)}" wraps ${article(String(m.target))} ${describeValue(m.target)}`, why: `this list is applied to the ${target}`, fix: `Name ${target} mitigators only (\`hqml plugins\` lists them)` });
      }
      out.push(m);
    }
    return out;
  }

  /**
   * The quantum backend of `ref`, wrapped by `mitigators` (first innermost) and registered under
   * `Tokens.QuantumBackend`. Disposed by {@link dispose}.
   */
  async backend(ref: PluginRef, mitigators: readonly PluginRef[] = []): Promise<QuantumBackend> {
    const inner = await this.build<QuantumBackend>(ref, 'backend');
    const wrapped = applyMitigators(inner, await this.mitigators<QuantumBackend>(mitigators, 'backend'));
    // Wrappers pass dispose down (core's mitigator contract), so the outermost is disposed.
    this.owned.push(wrapped as { dispose?(): unknown });
    provide(this.container, Tokens.QuantumBackend, wrapped);
    return wrapped;
  }

  /** The annealer of `ref`, wrapped by `mitigators` (first innermost) and registered under `Tokens.Annealer`. */
  async annealer(ref: PluginRef, mitigators: readonly PluginRef[] = []): Promise<Annealer> {
    const inner = await this.build<Annealer>(ref, 'annealer');
    const wrapped = applyMitigators(inner, await this.mitigators<Annealer>(mitigators, 'annealer'));
    this.owned.push(wrapped as { dispose?(): unknown });
    provide(this.container, Tokens.Annealer, wrapped);
    return wrapped;
  }

  /** The mitigators registered so far, in config order (what reports list). */
  registeredMitigators(): Mitigator<unknown>[] {
    return injectAll(this.container, Tokens.Mitigator);
  }

  /** The registered backend (after {@link backend}): what the models built after it run on. */
  registeredBackend(): QuantumBackend {
    return inject(this.container, Tokens.QuantumBackend);
  }

  /**
   * The display name of the composed backend for reports: the configured reference and the
   * mitigators actually wrapped around it, innermost first.
   */
  backendLabel(ref: PluginRef): string {
    return [refLabel(ref), ...this.registeredMitigators().filter((m) => m.target === 'backend').map((m) => m.id)].join(' + ');
  }

  /** Disposes the backends and annealers this composition built (wrappers pass it down). */
  async dispose(): Promise<void> {
    for (const o of this.owned.splice(0).reverse()) await o.dispose?.();
  }
}

/** Kinds of which one composition holds several shared parts (the plugin kinds' lists plus trainers). */
const LIST_KINDS: readonly PluginKind[] = [...MULTI_KINDS, 'trainer'];

function tokenOf(kind: PluginKind) {
  switch (kind) {
    case 'backend':
      return Tokens.QuantumBackend;
    case 'annealer':
      return Tokens.Annealer;
    case 'dataset':
      return Tokens.Dataset;
    case 'mitigator':
      return Tokens.Mitigator;
    case 'model':
      return Tokens.Model;
    case 'trainer':
      return Tokens.Trainer;
    case 'evaluator':
      return Tokens.Evaluator;
    default:
      return undefined;
  }
}
