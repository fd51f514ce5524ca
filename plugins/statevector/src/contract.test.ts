import { describeBackendContract } from '@hqml/core/testing';
import { StatevectorBackend } from './statevectorBackend.js';

describeBackendContract('statevector (1 thread)', () => new StatevectorBackend({ threads: 1 }));
describeBackendContract('statevector (2 threads, every batch split)', () => new StatevectorBackend({ threads: 2, minThreadedWork: 0 }));
describeBackendContract('statevector (density-matrix noise, zero strength)', () => new StatevectorBackend({ threads: 1, noise: { channels: [{ kind: 'depolarizing', probability: 0 }] } }));
