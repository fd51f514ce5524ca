import { describeAnnealerContract } from '@hqml/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { DWaveSampler } from './dwaveSampler.js';
import { AutoEmbeddingComposite } from './embedding/autoEmbeddingComposite.js';
import type { SapiEmulator } from './emulator/sapiEmulator.js';
import { clientFor, startEmulator } from './sapi/emulatorHarness.test-helper.js';

let emu: SapiEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.stop();
});

// dwave.qpu as the plugin builds it (auto-embedding over the structured sampler), against the
// emulator's Pegasus P4 with simulated annealing behind it: the random 8- and 10-variable models
// of the kit are dense, so every call is embedded.
describeAnnealerContract('dwave.qpu (auto-embedding, emulated P4)', async () => new AutoEmbeddingComposite(await DWaveSampler.connect({ client: clientFor(emu) })));
