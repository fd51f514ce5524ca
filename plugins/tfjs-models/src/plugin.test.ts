import { Command } from 'commander';
import { PluginRegistry, Tokens, UnsupportedError, ValidationError, createContainer, inject } from '@hqml/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_ENV, initTfjsBackend, parseBackendPreference } from './backend/tfjsBackend.js';
import { hqml } from './plugin.js';

describe('plugin module', () => {
  afterEach(() => {
    delete process.env[BACKEND_ENV];
  });

  it('registers lenet5, alexnet, mlp, ensemble as model plugins, the tfjs bench suite and a doctor check', () => {
    const registry = PluginRegistry.of(hqml);
    expect(registry.ids('model')).toEqual(['alexnet', 'ensemble', 'lenet5', 'mlp']);
    expect(registry.benchmarks().map((b) => b.name)).toEqual(['tfjs']);
    expect(registry.doctorChecks().map((d) => d.name)).toEqual(['tfjs backend']);
    expect(new Command()).toBeDefined();
  });

  it('builds a model from config options and registers it under the core Model token', async () => {
    const registry = PluginRegistry.of(hqml);
    const container = createContainer();
    const model = await registry.get('lenet5', 'model').register(container, { inputShape: [32, 32, 3], classes: 5, seed: 1 });
    expect(inject(container, Tokens.Model)).toBe(model);
    expect(inject(container, Tokens.Model).outputSize).toBe(5);
    await expect(registry.get('lenet5').register(createContainer(), { width: 2 })).rejects.toThrow(/unknown key.*width/);
    inject(container, Tokens.Model).dispose();
  });

  it('the doctor check reports the backend in use and why tfjs-node is not', async () => {
    const findings = await hqml.doctor?.[0]?.run();
    const backend = findings?.find((f) => f.check === 'tfjs backend');
    expect(backend?.status).toBe('ok');
    expect(backend?.detail).toMatch(/^wasm, \d thread\(s\); fast gradient kernels: Conv2DBackpropFilter/);
    expect(findings?.find((f) => f.check === 'tfjs-node')?.detail).toMatch(/not installed/);
  });

  it('backend requests: env override, validation, and no silent fallback for an explicit backend', async () => {
    expect(() => parseBackendPreference('gpu')).toThrow(/allowed values are auto, tensorflow, wasm, cpu/);
    process.env[BACKEND_ENV] = 'webgl';
    await expect(initTfjsBackend()).rejects.toThrow(/HQML_TFJS_BACKEND is "webgl"/);
    process.env[BACKEND_ENV] = 'tensorflow';
    await expect(initTfjsBackend({ backend: 'wasm' })).rejects.toThrow(UnsupportedError);
    delete process.env[BACKEND_ENV];
    await expect(initTfjsBackend({ threads: 0 })).rejects.toThrow(ValidationError);
    const cpu = await initTfjsBackend({ backend: 'cpu' });
    expect(cpu.name).toBe('cpu');
    process.env[BACKEND_ENV] = 'wasm';
    const wasm = await initTfjsBackend({ backend: 'cpu' });
    expect(wasm).toMatchObject({ name: 'wasm', source: 'env' });
  });
});
