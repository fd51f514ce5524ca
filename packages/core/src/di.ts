import 'reflect-metadata';
import { type DependencyContainer, container as rootContainer } from 'tsyringe';
import { HqmlError, ValidationError } from './errors.js';
import type { Annealer } from './contracts/annealer.js';
import type { ClassicalModel } from './contracts/classicalModel.js';
import type { Dataset } from './contracts/dataset.js';
import type { Evaluator } from './contracts/evaluator.js';
import type { Trainer } from './contracts/trainer.js';
import type { Mitigator } from './contracts/mitigator.js';
import type { QuantumBackend } from './contracts/quantumBackend.js';

export type { DependencyContainer } from 'tsyringe';

/**
 * A typed DI token. tsyringe's `InjectionToken<T>` for a symbol does not carry `T`, so a
 * resolve would be `unknown`; this brand does.
 */
export interface Token<T> {
  readonly symbol: symbol;
  readonly description: string;
  /** Phantom field carrying T; never set. */
  readonly __type?: T;
}

/** Declares a token (once, in the package that owns the contract). */
export function token<T>(description: string): Token<T> {
  return Object.freeze({ symbol: Symbol.for(`hqml:${description}`), description });
}

/**
 * Registers `value` for `tok`. A second registration for the same token in the same container
 * is an error unless `replace` is set: hqml never relies on "last registration wins".
 */
export function provide<T>(container: DependencyContainer, tok: Token<T>, value: T, options: { replace?: boolean } = {}): void {
  if (container.isRegistered(tok.symbol, false)) {
    if (!options.replace) {
      throw new ValidationError({
        what: `"${tok.description}" is already registered in this container`,
        why: 'two registrations for one token make the choice depend on order',
        fix: 'Register it once per container, use a child container, or pass { replace: true }',
      });
    }
  }
  container.register(tok.symbol, { useValue: value });
}

/** Registers one more value under a multi-valued token (mitigator lists). */
export function provideMany<T>(container: DependencyContainer, tok: Token<T>, value: T): void {
  container.register(tok.symbol, { useValue: value });
}

/** Resolves `tok`, with an error naming the token and the fix when nothing is registered. */
export function inject<T>(container: DependencyContainer, tok: Token<T>): T {
  if (!container.isRegistered(tok.symbol, true)) {
    throw new HqmlError({
      what: `Nothing is registered for "${tok.description}"`,
      why: 'the composition root did not register a plugin that provides it',
      fix: `Name a plugin for it in the config (see \`hqml plugins\`), or call its register(container, options)`,
    });
  }
  return container.resolve<T>(tok.symbol);
}

/** All values registered under a multi-valued token (empty when none). */
export function injectAll<T>(container: DependencyContainer, tok: Token<T>): T[] {
  return container.isRegistered(tok.symbol, true) ? container.resolveAll<T>(tok.symbol) : [];
}

/** A fresh container for one composition root (a child of tsyringe's global one, which hqml never fills). */
export function createContainer(): DependencyContainer {
  return rootContainer.createChildContainer();
}

/**
 * The tokens of the core contracts, one per plugin kind (declared here once; a package that
 * implements a richer contract narrows the type with {@link narrowToken}).
 */
export const Tokens = Object.freeze({
  QuantumBackend: token<QuantumBackend>('QuantumBackend'),
  Annealer: token<Annealer>('Annealer'),
  /** Multi-valued: the data set of every experiment. */
  Dataset: token<Dataset>('Dataset'),
  /** Multi-valued: every mitigator the config names, in order (first innermost). */
  Mitigator: token<Mitigator<unknown>>('Mitigator'),
  /** A model built by a `model` plugin (teacher, student, classifier). */
  Model: token<ClassicalModel>('Model'),
  Trainer: token<Trainer>('Trainer'),
  Evaluator: token<Evaluator>('Evaluator'),
});

/**
 * The same token typed with a narrower contract, for the package that implements it (eval's
 * evaluator narrows {@link Tokens.Evaluator} to its own metric and report types).
 */
export function narrowToken<T>(tok: Token<unknown>): Token<T> {
  return tok as Token<T>;
}
