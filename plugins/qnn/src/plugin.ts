import type { ZodType } from 'zod';
import { type HqmlModule, definePlugin } from '@hqml/core';
import { qnnBench } from './bench.js';
import { createStudent } from './register.js';
import type { QuantumStudent } from './student.js';
import { type StudentOptions, studentOptionsSchema } from './studentOptions.js';

/**
 * The `qnn` model plugin: builds a quantum student (reducer -> encoding -> ansatz -> readout ->
 * head) on the container's QuantumBackend (register a backend plugin such as `statevector`
 * first, as a composition root does).
 */
export const qnnPlugin = definePlugin<QuantumStudent, StudentOptions>({
  id: 'qnn',
  kind: 'model',
  description: 'Quantum student for TF.js: reducer -> encoding -> ansatz -> readout -> head, on the composition\'s quantum backend',
  capabilities: { encodings: ['amplitude', 'angle', 'dense-angle'], ansatz: ['hardware-efficient', 'strongly-entangling', 'seed'], readouts: ['z', 'zz', 'probabilities'], reducers: ['dense', 'avg-pool', 'center-crop', 'pca', 'seed-cnn'], needs: 'GradientProvider backend' },
  options: studentOptionsSchema as unknown as ZodType<StudentOptions>,
  create: (options, container) => createStudent(options, container),
});

/** What `@hqml/qnn` contributes to hqml: the `qnn` plugin and the `qnn` benchmark suite. */
export const hqml: HqmlModule = {
  plugins: [qnnPlugin],
  benchmarks: [qnnBench],
};
