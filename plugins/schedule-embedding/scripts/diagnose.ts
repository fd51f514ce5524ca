// Diagnostic run: trains the annealer classifier on a small MNIST/CIFAR-10 subset and prints,
// per epoch, the HS cost, validation accuracy, class purities and the most-overlapping class
// pairs. Usage: node --conditions=@hqml/source --import tsx plugins/schedule-embedding/scripts/diagnose.ts '{"qubits":4}'
import { cifar10, mnist } from '@hqml/datasets';
import { StatevectorBackend } from '@hqml/statevector';
import { AnnealerClassifier } from '../src/annealerClassifier.js';

const a = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const get = <T>(k: string, d: T): T => (a[k] ?? d) as T;
const ds = get('dataset', 'mnist') === 'mnist' ? mnist() : cifar10();
const perClass = get('perClass', 300);
const opts = { perClass, selection: 'random' as const, seed: 0, validation: 0.2 };
const train = await ds.load('train', opts);
const val = await ds.load('validation', opts);
const backend = new StatevectorBackend({ threads: 1 });
const clf = await AnnealerClassifier.create({
  annealer: { numQubits: get('qubits', 4), steps: get('steps', 10), totalTime: get('T', 1), slices: get('slices', 2), order: get('order', 2) as 1 | 2 },
  inputShape: train.shape, numClasses: 10, backend, amplitudeBound: get('bound', 5), seed: get('seed', 0), ...(a['fit'] ? (a['fit'] as object) : {}),
});
const C = 10;
const t0 = performance.now();
await clf.fit(train, {
  epochs: get('epochs', 6), batchSize: get('batch', 64), learningRate: get('lr', 3e-3), seed: get('seed', 0), validation: val, maxMembers: 1000,
  ...(a['fitOptions'] ? (a['fitOptions'] as object) : {}),
  onEpoch: (r) => {
    const t = clf.states.traces();
    const pur = Array.from({ length: C }, (_, c) => t[c * C + c]!);
    const pairs: string[] = [];
    for (let x = 0; x < C; x++) for (let y = x + 1; y < C; y++) if (t[x * C + y]! > 0.3) pairs.push(`${x}-${y}:${t[x * C + y]!.toFixed(2)}`);
    console.log(`ep ${r.epoch} loss ${r.loss.toFixed(4)} val ${r.valLoss?.toFixed(4)} acc ${((r.valAccuracy ?? 0) * 100).toFixed(1)} pur ${Math.min(...pur).toFixed(2)}-${Math.max(...pur).toFixed(2)} ${r.samplesPerSecond?.toFixed(0)}/s merged ${pairs.join(' ')}`);
  },
});
console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
backend.dispose();
