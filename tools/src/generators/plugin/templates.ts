import type { TemplateVars } from './generator.js';

/** The implementation skeleton for each kind: the contract's methods, to be filled in. */
export function implementationFile(v: TemplateVars): string {
  const todo = (what: string): string =>
    `throw new UnsupportedError({ what: '${v.className}.${what} is not written yet', why: 'this package was just generated', fix: 'Implement it in src/${v.stem}.ts' });`;
  switch (v.kind) {
    case 'annealer':
      return `import { type AnnealerOptions, IsingAnnealer, type IsingModel, type SampleSet, UnsupportedError } from '@hqml/core';

/**
 * An Annealer (see packages/core/src/contracts/annealer.ts). Write sampleIsing for a non-empty
 * Ising model and return SampleSet.fromModel(model, rows); the IsingAnnealer base gives sample()
 * for QUBOs too (answered as bits with QUBO energies) and for empty models.
 */
export class ${v.className} extends IsingAnnealer {
  readonly id = '${v.id}';

  protected async sampleIsing(model: IsingModel, options: AnnealerOptions): Promise<SampleSet> {
    void model;
    void options;
    ${todo('sampleIsing')}
  }
}
`;
    case 'backend':
      return `import { type BackendCapabilities, type Execution, type Observable, type QuantumBackend, UnsupportedError } from '@hqml/core';

/** A QuantumBackend (see packages/core/src/contracts/quantumBackend.ts). */
export class ${v.className} implements QuantumBackend {
  readonly id = '${v.id}';
  readonly capabilities: BackendCapabilities = { maxQubits: 20, noise: false, shots: true, deviceKind: 'simulator' };

  expectation(execution: Execution, observables: readonly Observable[]): Float64Array {
    void execution;
    void observables;
    ${todo('expectation')}
  }

  probabilities(execution: Execution, qubits?: readonly number[]): Float64Array {
    void execution;
    void qubits;
    ${todo('probabilities')}
  }

  sample(execution: Execution, shots: number, seed: number): Uint32Array {
    void execution;
    void shots;
    void seed;
    ${todo('sample')}
  }
}
`;
    case 'dataset':
      return `import { type DataSplit, type Dataset, type LoadOptions, type SplitName, UnsupportedError } from '@hqml/core';

/** A Dataset (see packages/core/src/contracts/dataset.ts). */
export class ${v.className} implements Dataset {
  readonly id = '${v.id}';
  readonly classes: readonly string[] = [];
  readonly sampleShape: readonly number[] = [];

  async load(split: SplitName, options: LoadOptions = {}): Promise<DataSplit> {
    void split;
    void options;
    ${todo('load')}
  }
}
`;
    case 'mitigator':
      return `import { type Annealer, type AnnealerMitigator, UnsupportedError } from '@hqml/core';

/** An annealer Mitigator: a composite that wraps a child annealer (see contracts/mitigator.ts). */
export class ${v.className} implements AnnealerMitigator {
  readonly id = '${v.id}';
  readonly target = 'annealer' as const;

  wrap(inner: Annealer): Annealer {
    void inner;
    ${todo('wrap')}
  }
}
`;
  }
}

/** The test skeleton: the conformance kit for the kind. */
export function testFile(v: TemplateVars): string {
  switch (v.kind) {
    case 'annealer':
      return `import { describeAnnealerContract } from '@hqml/core/testing';
import { ${v.className} } from './${v.stem}.js';

describeAnnealerContract('${v.id}', () => new ${v.className}());
`;
    case 'backend':
      return `import { describeBackendContract } from '@hqml/core/testing';
import { ${v.className} } from './${v.stem}.js';

describeBackendContract('${v.id}', () => new ${v.className}());
`;
    case 'dataset':
      return `import { describeDatasetContract } from '@hqml/core/testing';
import { ${v.className} } from './${v.stem}.js';

describeDatasetContract('${v.id}', () => new ${v.className}());
`;
    case 'mitigator':
      return `import { IsingModel, QuboModel, SampleSet, type Annealer } from '@hqml/core';
import { describeMitigatorContract } from '@hqml/core/testing';
import { expect } from 'vitest';
import { ${v.className} } from './${v.stem}.js';

/** A child annealer for the contract: returns the all-up state. */
const inner = (): Annealer => ({
  id: 'all-up',
  sample: async (model: IsingModel | QuboModel) => SampleSet.fromModel(model, new Int8Array(model.numVariables).fill(1)),
  dispose: () => undefined,
});

describeMitigatorContract('${v.id}', () => new ${v.className}(), {
  inner,
  exercise: async (wrapped) => {
    const model = IsingModel.from({ h: [1, -1] });
    const ss = await wrapped.sample(model);
    expect(ss.numVariables).toBe(2);
  },
});
`;
  }
}
