import { mnist } from '@hqml/datasets';
import { TfjsModel } from '@hqml/tfjs-models';
import { buildSeedStudent } from '@hqml/qnn';
import { StatevectorBackend } from '@hqml/statevector';
const ds = mnist();
const train = await ds.load('train', { classes: [0,1,2,3,4,5,6,7], perClass: 250, seed: 1 });
for (const width of [0.125, 0.25]) {
  const m = await TfjsModel.create('alexnet', { inputShape: [28,28,1], classes: 8, seed: 1, width });
  const h = await m.fit(train, { epochs: 1, batchSize: 64, seed: 1 });
  console.log('alexnet', width, m.parameterCount, h.epochs.map(e=>e.samplesPerSecond));
}
const backend = new StatevectorBackend({ threads: 1 });
const s = await buildSeedStudent({ inputShape: [28,28,1], classes: 8, qubits: 4, seed: 1, backend });
const hs = await s.fit(train, { epochs: 2, batchSize: 32, seed: 1, learningRate: 0.01 });
console.log('seed student', s.parameterCount, hs.epochs.map(e=>[e.samplesPerSecond, e.accuracy]));
process.exit(0);
