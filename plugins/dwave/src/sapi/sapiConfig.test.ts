import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SapiEmulator } from '../emulator/sapiEmulator.js';
import { ExactSolver } from '@hqml/anneal';
import { resolveEndpoint } from './regions.js';
import { DEFAULT_ENDPOINT, configFilePaths, resolveSapiConfig } from './sapiConfig.js';

const root = mkdtempSync(join(tmpdir(), 'hqml-dwave-conf-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const home = join(root, 'home');
const cwd = join(root, 'work');
mkdirSync(join(home, '.config', 'dwave'), { recursive: true });
mkdirSync(cwd, { recursive: true });
writeFileSync(
  join(home, '.config', 'dwave', 'dwave.conf'),
  ['[defaults]', 'endpoint = https://defaults.example/sapi/', 'token = DEF-111', '', '[prod]', 'solver = Advantage_system4.1', 'token = PROD-222', '', '[pegasus]', 'solver = {"topology__type": "pegasus"}', 'region = eu-central-1'].join('\n'),
);

describe('configuration like Ocean', () => {
  const where = { home, cwd, env: {} as Record<string, string> };

  it('reads the first profile of ~/.config/dwave/dwave.conf over [defaults], and picks profiles by name or DWAVE_PROFILE', () => {
    const c = resolveSapiConfig({}, where);
    expect(c.token?.reveal()).toBe('PROD-222');
    expect(c.solver).toBe('Advantage_system4.1');
    expect(c.endpoint).toBe('https://defaults.example/sapi/');
    expect(c.sources.token).toMatch(/^file:.*dwave\.conf \[prod\]$/);
    const p = resolveSapiConfig({}, { ...where, env: { DWAVE_PROFILE: 'pegasus' } });
    expect(p.solver).toEqual({ topology__type: 'pegasus' });
    expect(p.region).toBe('eu-central-1');
    expect(p.token?.reveal()).toBe('DEF-111');
    expect(() => resolveSapiConfig({ profile: 'nope' }, where)).toThrow(/profile "nope".*prod, pegasus/s);
  });

  it('environment variables override the file, and explicit settings override both', () => {
    const env = { DWAVE_API_TOKEN: 'ENV-333', DWAVE_API_ENDPOINT: 'https://env.example/sapi/', DWAVE_API_SOLVER: '{"num_active_qubits__gte": 5000}' };
    const c = resolveSapiConfig({}, { ...where, env });
    expect(c.token?.reveal()).toBe('ENV-333');
    expect(c.sources.token).toBe('env:DWAVE_API_TOKEN');
    expect(c.endpoint).toBe('https://env.example/sapi/');
    expect(c.solver).toEqual({ num_active_qubits__gte: 5000 });
    const s = resolveSapiConfig({ endpoint: 'https://explicit.example/sapi/', solver: 'X' }, { ...where, env });
    expect(s.endpoint).toBe('https://explicit.example/sapi/');
    expect(s.solver).toBe('X');
    expect(s.token?.reveal()).toBe('ENV-333');
  });

  it('DWAVE_CONFIG_FILE names one file; a missing one is an error; configFile false skips files', () => {
    const f = join(root, 'other.conf');
    writeFileSync(f, '[only]\ntoken = OTHER-444\n');
    expect(resolveSapiConfig({}, { ...where, env: { DWAVE_CONFIG_FILE: f } }).token?.reveal()).toBe('OTHER-444');
    expect(() => resolveSapiConfig({}, { ...where, env: { DWAVE_CONFIG_FILE: join(root, 'missing.conf') } })).toThrow(/does not exist/);
    expect(resolveSapiConfig({ configFile: false }, where).token).toBeUndefined();
    expect(configFilePaths({ home, cwd, env: {} }).slice(-2)).toEqual([join(home, '.config', 'dwave', 'dwave.conf'), join(cwd, 'dwave.conf')]);
  });

  it('./dwave.conf overrides the user file', () => {
    writeFileSync(join(cwd, 'dwave.conf'), '[prod]\ntoken = LOCAL-555\n');
    expect(resolveSapiConfig({}, where).token?.reveal()).toBe('LOCAL-555');
    rmSync(join(cwd, 'dwave.conf'));
  });

  it('the token never prints: JSON, String, inspect and templates show [redacted]', () => {
    const c = resolveSapiConfig({}, where);
    const shown = [JSON.stringify(c), String(c.token), `${c.token}`, inspect(c, { depth: 5 })].join('\n');
    expect(shown).not.toContain('PROD-222');
    expect(shown).toContain('[redacted]');
  });

  it('an explicit endpoint wins; a region is looked up in the metadata API; the default region falls back to the default endpoint', async () => {
    const emu = new SapiEmulator({ solvers: [{ name: 'E', topology: { type: 'chimera', shape: [1, 1, 4] }, annealer: new ExactSolver() }] });
    await emu.start();
    try {
      const viaRegion = resolveSapiConfig({ configFile: false, region: 'na-west-1', metadataEndpoint: emu.metadataEndpoint }, { env: {} });
      expect(await resolveEndpoint(viaRegion)).toBe(emu.endpoint);
      const unknown = resolveSapiConfig({ configFile: false, region: 'mars-1', metadataEndpoint: emu.metadataEndpoint }, { env: {} });
      await expect(resolveEndpoint(unknown)).rejects.toThrow(/region mars-1 is unknown/);
      const offline = resolveSapiConfig({ configFile: false, metadataEndpoint: 'http://127.0.0.1:9/metadata/v1/' }, { env: {} });
      expect(await resolveEndpoint(offline)).toBe(DEFAULT_ENDPOINT);
    } finally {
      await emu.stop();
    }
  });
});
