import { type HqmlModule, Tokens, definePlugin, inject } from '@hqml/core';
import { bindQuantumBackend } from './backendBinding.js';
import { qnnBench } from './bench.js';
import { type StudentFactory, StudentFactoryToken } from './register.js';
import { buildStudent } from './student.js';

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
  create: (_options, container) => {
    const backend = bindQuantumBackend(inject(container, Tokens.QuantumBackend));
    return (options) => buildStudent({ ...options, backend });
  },
});

/** What `@hqml/qnn` contributes to hqml: the `qnn` plugin and the `qnn` benchmark suite. */
export const hqml: HqmlModule = {
  plugins: [qnnPlugin],
  benchmarks: [qnnBench],
};
