import { Command } from 'commander';
import { PluginRegistry, UnsupportedError, ValidationError, createContainer, inject } from '@hqml/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_ENV, initTfjsBackend, parseBackendPreference } from './backend/tfjsBackend.js';
import { hqml } from './plugin.js';
import { ClassicalModelToken } from './register.js';

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

  it('builds a model from config options and registers it under the ClassicalModel token', async () => {
    const registry = PluginRegistry.of(hqml);
    const container = createContainer();
    const model = await registry.use(container, { id: 'lenet5', options: { inputShape: [32, 32, 3], classes: 5, seed: 1 } }, 'model');
    expect(inject(container, ClassicalModelToken)).toBe(model);
    expect(inject(container, ClassicalModelToken).outputSize).toBe(5);
    await expect(registry.use(createContainer(), { id: 'lenet5', options: { width: 2 } }, 'model')).rejects.toThrow(/unknown key.*width/);
    inject(container, ClassicalModelToken).dispose();
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
