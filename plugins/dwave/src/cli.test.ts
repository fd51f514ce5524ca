import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hqml as annealModule } from '@hqml/anneal/plugin';
import type { AnnealReport } from '@hqml/anneal';
import { PluginRegistry, ValidationError } from '@hqml/core';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SapiEmulator } from './emulator/sapiEmulator.js';
import { hqml } from './plugin.js';
import { createDwaveQpu, dwaveQpuPlugin } from './register.js';
import { TEST_TOKEN, startEmulator } from './sapi/emulatorHarness.test-helper.js';

const dir = mkdtempSync(join(tmpdir(), 'hqml-dwave-'));
let emu: SapiEmulator;
const printed: string[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  emu = await startEmulator();
  process.env.DWAVE_API_ENDPOINT = emu.endpoint;
  process.env.DWAVE_API_TOKEN = TEST_TOKEN;
  process.env.DWAVE_CONFIG_FILE = '';
  process.env.XDG_CONFIG_HOME = dir;
  delete process.env.DWAVE_API_SOLVER;
});
afterAll(async () => {
  process.env = saved;
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  const registry = PluginRegistry.of(annealModule, hqml);
  for (const m of [annealModule, hqml]) for (const c of m.commands ?? []) c.register(program, { registry, print: (l) => lines.push(l) });
  await program.parseAsync(args, { from: 'user' });
  printed.push(...lines);
  return lines;
}

describe('hqml anneal --solver dwave.qpu (DWAVE_API_ENDPOINT at the emulator)', () => {
  it('embeds a G-set graph that is not native and prints the SampleSet report with bestEnergy', async () => {
    // K4 plus a pendant: not a subgraph of Pegasus' native couplers once labelled 0..4
    const file = join(dir, 'k4.txt');
    writeFileSync(file, '5 7\n1 2 1\n1 3 1\n1 4 1\n2 3 1\n2 4 1\n3 4 1\n4 5 1\n');
    const [line] = await run(['anneal', file, '--format', 'gset', '--solver', 'dwave.qpu', '--num-reads', '20', '--seed', '4', '--json']);
    const r = JSON.parse(line!) as AnnealReport;
    expect(r.solver).toBe('dwave.qpu');
    expect(r.bestEnergy).toBe(-3); // max cut of K4 is 4, plus the pendant: cut 5 of W 7 -> E = 7 - 2*5
    expect(r.cut).toBe(5);
    expect(r.reads).toBe(20);
    expect(r.embedding?.maxChainLength).toBeGreaterThanOrEqual(1);
    writeFileSync(join(dir, 'report.json'), line!);
  });

  it('passes options the QPU does not know as a clear error before submitting', async () => {
    const file = join(dir, 'k4.txt');
    await expect(run(['anneal', file, '--solver', 'dwave.qpu', '--sweeps', '10'])).rejects.toThrow(/numSweeps is not a parameter/);
  });

  it('the plugin refuses a token key in its options (the token never lives in a copied config)', async () => {
    await expect(dwaveQpuPlugin.register((await import('@hqml/core')).createContainer(), { token: TEST_TOKEN })).rejects.toThrow(ValidationError);
    const bare = await createDwaveQpu({ embedding: 'none' });
    expect(bare.id).toBe('dwave.qpu');
    expect((bare as { nodelist?: number[] }).nodelist?.length).toBe(24 * 4 * 3 - 8 * 3);
  });

  it('hqml dwave emulate serves SAPI on loopback and the printed endpoint works', async () => {
    const program = new Command().exitOverride();
    const registry = PluginRegistry.of(annealModule, hqml);
    const { startEmulatorFromCli } = await import('./dwaveCommand.js');
    const own = await startEmulatorFromCli({ topology: ['zephyr:2'], sampler: 'anneal.exact', host: '127.0.0.1', port: '0', delayMs: '1' }, { registry, print: (l) => printed.push(l) });
    try {
      expect(own.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sapi\/$/);
      const res = await fetch(new URL('solvers/remote/', own.endpoint), { headers: { 'X-Auth-Token': 'anything' } });
      const solvers = (await res.json()) as Array<{ identity: { name: string }; properties: { qubits: number[] } }>;
      expect(solvers[0]!.identity.name).toBe('Emulated_zephyr_2x4');
      expect(solvers[0]!.properties.qubits.length).toBe(4 * 4 * 2 * 5);
      expect(res.headers.get('content-type')).toBe('application/vnd.dwave.sapi.solver-definition-list+json; version=3.0.0');
    } finally {
      await own.stop();
    }
    void program;
  });

  it('the token appears in no printed line and no file written', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(readFileSync(p, 'utf8'));
      }
    };
    walk(dir);
    expect(printed.length).toBeGreaterThan(0);
    expect(files.length).toBeGreaterThan(0);
    expect([...printed, ...files].join('\n')).not.toContain(TEST_TOKEN);
  });
});
