import { ExactSolver, SimulatedAnnealer } from '@hqml/anneal';
import { SapiEmulator } from '../emulator/sapiEmulator.js';
import { SapiClient, type SapiClientOptions } from './sapiClient.js';

/** The token the tests use; a test greps every output for it. */
export const TEST_TOKEN = 'TEST-9f3c2a7e-hqml-secret-token';

/** An emulator with a Pegasus P4 (SA), a Chimera C2 (exact, loaded) and an offline Zephyr. */
export async function startEmulator(): Promise<SapiEmulator> {
  const emu = new SapiEmulator({
    token: TEST_TOKEN,
    solvers: [
      { name: 'Emulated_P4', topology: { type: 'pegasus', shape: [4] }, annealer: new SimulatedAnnealer({ numThreads: 1 }), avgLoad: 0.1 },
      { name: 'Emulated_C2', topology: { type: 'chimera', shape: [2, 2, 4] }, annealer: new ExactSolver(), avgLoad: 0.5 },
      { name: 'Offline_Z1', topology: { type: 'zephyr', shape: [1, 2] }, annealer: new ExactSolver(), avgLoad: 0, online: false },
    ],
  });
  await emu.start();
  return emu;
}

/** A client for the emulator with fast retries. */
export function clientFor(emu: SapiEmulator, extra: Partial<SapiClientOptions['settings']> & Omit<SapiClientOptions, 'settings'> = {}): SapiClient {
  const { token, endpoint, solver, ...rest } = extra as Record<string, unknown>;
  return new SapiClient({
    settings: { token: (token as string | undefined) ?? TEST_TOKEN, endpoint: (endpoint as string | undefined) ?? emu.endpoint, configFile: false, ...(solver !== undefined && { solver: solver as string }) },
    environment: { env: {} },
    retry: { total: 3, backoffFactor: 0.001, backoffMax: 0.05 },
    pollTimeout: 2,
    ...(rest as Omit<SapiClientOptions, 'settings'>),
  });
}
