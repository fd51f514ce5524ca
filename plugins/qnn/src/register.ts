import { type DependencyContainer, Tokens, inject, provide } from '@hqml/core';
import type { Encoding } from './encoding.js';
import { type QuantumStudent, buildSeedStudent, buildStudent } from './student.js';
import { type StudentOptions, studentOptionsSchema } from './studentOptions.js';

/**
 * Builds a quantum student on the container's `QuantumBackend` (the composition root registers
 * the backend, mitigated or not, first). What the `qnn` model plugin creates.
 */
export function createStudent(options: StudentOptions, container: DependencyContainer): Promise<QuantumStudent> {
  const backend = inject(container, Tokens.QuantumBackend);
  const { kind, encoding, ...rest } = options;
  const common = { inputShape: rest.inputShape, classes: rest.classes, qubits: rest.qubits, seed: rest.seed, gradientMethod: rest.gradientMethod, backend, ...(rest.tfjsBackend ? { tfjsBackend: rest.tfjsBackend } : {}) };
  if (kind === 'seed') return buildSeedStudent({ ...common, layers: rest.layers });
  return buildStudent({ ...common, reducer: rest.reducer, encoding: encoding as Encoding, ansatz: rest.ansatz, layers: rest.layers, readout: rest.readout, ...(rest.range !== undefined ? { range: rest.range } : {}), ...(rest.pcaSamples !== undefined ? { pcaSamples: rest.pcaSamples } : {}) });
}

/**
 * Builds a student on the container's backend and registers it under `Tokens.Model`
 * (explicitly; nothing registers on import). Options are validated first.
 */
export async function registerQnn(container: DependencyContainer, options: unknown): Promise<QuantumStudent> {
  const student = await createStudent(studentOptionsSchema.parse(options), container);
  provide(container, Tokens.Model, student);
  return student;
}
