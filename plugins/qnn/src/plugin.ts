import { type HqmlModule, definePlugin } from '@hqml/core';
import { qnnBench } from './bench.js';
import { type StudentFactory, StudentFactoryToken, createStudentFactory } from './register.js';

/**
 * The `qnn` plugin: binds the container's QuantumBackend for quantum layers and registers a
 * student factory on it (register a backend plugin such as `statevector` first).
 */
export const qnnPlugin = definePlugin<StudentFactory>({
  id: 'qnn',
  kind: 'model',
  description: 'Quantum layer for TF.js and quantum students (reducer -> encoding -> ansatz -> readout -> head)',
  capabilities: { encodings: ['amplitude', 'angle', 'dense-angle'], ansatz: ['hardware-efficient', 'strongly-entangling', 'seed'], readouts: ['z', 'zz', 'probabilities'], reducers: ['dense', 'avg-pool', 'center-crop', 'pca', 'seed-cnn'] },
  token: StudentFactoryToken,
  create: (_options, container) => createStudentFactory(container),
});

/** What `@hqml/qnn` contributes to hqml: the `qnn` plugin and the `qnn` benchmark suite. */
export const hqml: HqmlModule = {
  plugins: [qnnPlugin],
  benchmarks: [qnnBench],
};
