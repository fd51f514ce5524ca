import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Composition } from './composition.js';
import { createContainer, inject, token } from './di.js';
import { HqmlError, PluginLoadError, PluginNotFoundError, ValidationError } from './errors.js';
import { LazyPluginRegistry } from './lazyRegistry.js';
import { type HqmlModule, definePlugin } from './plugin.js';
import { type HqmlManifest, MANIFEST_FORMAT, parseManifest } from './pluginManifest.js';
import { PluginRegistry } from './registry.js';

const DemoBackend = token<{ id: string; threads: number }>('test.demoBackend');
const backend = definePlugin({
  id: 'demo.backend',
  kind: 'backend',
  description: 'a demo backend',
  capabilities: { maxQubits: 4 },
  token: DemoBackend,
  options: z.object({ threads: z.number().int().min(1).default(2) }).strict(),
  create: (o) => ({ id: 'demo.backend', threads: o.threads }),
});
const mitigator = definePlugin({
  id: 'demo.mitigator',
  kind: 'mitigator',
  description: 'a demo mitigator',
  capabilities: { target: 'backend' },
  create: () => ({ id: 'demo.mitigator', target: 'backend' as const, wrap: <T>(b: T) => b }),
});

const backendModule: HqmlModule = {
  plugins: [backend],
  benchmarks: [{ name: 'demo', description: 'a demo suite', async *run({ quick }) { yield { suite: 'demo', case: 'one', metric: 'x', value: quick ? 1 : 2, unit: 'u' }; } }],
  doctor: [{ name: 'demo', run: async () => [{ check: 'demo', status: 'ok', detail: 'fine' }] }],
  commands: [{ name: 'greet', register: (program) => void program.command('greet').description('says hello') }],
};
const mitigatorModule: HqmlModule = { plugins: [mitigator] };

/** The manifest of a module as the build writes it (written out by hand here: core has no generator). */
function manifestOf(pkg: string, module: HqmlModule): HqmlManifest {
  return {
    format: MANIFEST_FORMAT,
    package: pkg,
    version: '1.0.0',
    plugins: (module.plugins ?? []).map((p) => ({ id: p.id, kind: p.kind, description: p.description, capabilities: { ...p.capabilities }, options: null })),
    commands: (module.commands ?? []).map((c) => ({ name: c.name, aliases: [], description: 'says hello', helpTerm: c.name })),
    benchmarks: (module.benchmarks ?? []).map(({ name, description }) => ({ name, description })),
    doctor: (module.doctor ?? []).map(({ name }) => ({ name })),
  };
}

/** A registry of the two demo packages, counting the imports of each. */
function lazy(importBackend: () => Promise<HqmlModule> = async () => backendModule) {
  const imports = { backend: 0, mitigator: 0 };
  const registry = new LazyPluginRegistry()
    .addPackage(manifestOf('@demo/backend', backendModule), async () => {
      imports.backend++;
      return importBackend();
    })
    .addPackage(manifestOf('@demo/mitigator', mitigatorModule), async () => {
      imports.mitigator++;
      return mitigatorModule;
    });
  return { registry, imports };
}

describe('LazyPluginRegistry', () => {
  it('lists plugins, commands, suites and checks from manifests without importing anything', () => {
    const { registry, imports } = lazy();
    expect(registry.ids()).toEqual(['demo.backend', 'demo.mitigator']);
    expect(registry.ids('backend')).toEqual(['demo.backend']);
    expect(registry.has('demo.backend', 'backend')).toBe(true);
    expect(registry.has('demo.backend', 'annealer')).toBe(false);
    expect(registry.list().map((p) => [p.id, p.kind, p.description, p.capabilities])).toEqual([
      ['demo.backend', 'backend', 'a demo backend', { maxQubits: 4 }],
      ['demo.mitigator', 'mitigator', 'a demo mitigator', { target: 'backend' }],
    ]);
    expect(registry.commands().map((c) => c.name)).toEqual(['greet']);
    expect(registry.commandDeclaration(registry.commands()[0]!)?.description).toBe('says hello');
    expect(registry.benchmarks().map((b) => [b.name, b.description])).toEqual([['demo', 'a demo suite']]);
    expect(registry.doctorChecks().map((d) => d.name)).toEqual(['demo']);
    expect(registry.packages()).toEqual([
      { name: '@demo/backend', version: '1.0.0', loaded: false },
      { name: '@demo/mitigator', version: '1.0.0', loaded: false },
    ]);
    expect(imports).toEqual({ backend: 0, mitigator: 0 });
    expect(() => registry.get('nope', 'backend')).toThrow(PluginNotFoundError);
    expect(() => registry.get('demo.mitigator', 'backend')).toThrow(/No backend with id "demo.mitigator".*demo\.backend/);
  });

  it('imports a package once, on load; its options need the code until then', async () => {
    const { registry, imports } = lazy();
    const standIn = registry.get('demo.backend', 'backend');
    expect(() => standIn.parseOptions({})).toThrow(HqmlError);
    expect(() => standIn.parseOptions({})).toThrow(/Plugin "demo.backend" of @demo\/backend is not loaded yet.*await registry\.load/);
    await Promise.all([registry.load(['demo.backend']), registry.load(['demo.backend', 'no.such.id'])]);
    expect(imports).toEqual({ backend: 1, mitigator: 0 });
    expect(registry.get('demo.backend')).toBe(backend);
    expect(standIn.parseOptions({})).toEqual({ threads: 2 });
    expect(standIn.optionsSchema).toBe(backend.optionsSchema);
    expect(registry.packages()[0]).toEqual({ name: '@demo/backend', version: '1.0.0', loaded: true });
  });

  it('a stand-in builds by importing its package first', async () => {
    const { registry, imports } = lazy();
    const c = createContainer();
    const built = await registry.get('demo.backend').register(c, { threads: 3 });
    expect(built).toEqual({ id: 'demo.backend', threads: 3 });
    expect(inject(c, DemoBackend)).toBe(built);
    expect(imports).toEqual({ backend: 1, mitigator: 0 });
  });

  it('runs a suite or a check by importing only its package', async () => {
    const { registry, imports } = lazy();
    const records = [];
    for await (const r of registry.benchmarks()[0]!.run({ quick: true })) records.push(r);
    expect(records).toEqual([{ suite: 'demo', case: 'one', metric: 'x', value: 1, unit: 'u' }]);
    expect(await registry.doctorChecks()[0]!.run()).toEqual([{ check: 'demo', status: 'ok', detail: 'fine' }]);
    expect(imports).toEqual({ backend: 1, mitigator: 0 });
    // Once imported, the real contributions are listed.
    expect(registry.benchmarks()[0]).toBe(backendModule.benchmarks![0]);
    expect(registry.commands()[0]).toBe(backendModule.commands![0]);
    expect(registry.commandDeclaration(registry.commands()[0]!)).toBeUndefined();
  });

  it('loadCommand imports the package that contributes a command, and only that', async () => {
    const { registry, imports } = lazy();
    await registry.loadCommand('plugins');
    expect(imports).toEqual({ backend: 0, mitigator: 0 });
    await registry.loadCommand('greet');
    expect(imports).toEqual({ backend: 1, mitigator: 0 });
  });

  it('Composition.check imports the named plugins only, then checks their options as an eager registry does', async () => {
    const { registry, imports } = lazy();
    const composition = new Composition(registry);
    await composition.check([{ path: 'backend', kind: 'backend', ref: { id: 'demo.backend', options: { threads: 1 } } }]);
    expect(imports).toEqual({ backend: 1, mitigator: 0 });
    const bad = [{ path: 'backend', kind: 'backend' as const, ref: { id: 'demo.backend', options: { threads: 0 } } }];
    const eager = new Composition(PluginRegistry.of(backendModule, mitigatorModule));
    const expected = await eager.check(bad).then(() => '', (e: Error) => e.message);
    expect(expected).toMatch(/at backend: Invalid options for plugin "demo.backend".*at threads/);
    await expect(composition.check(bad)).rejects.toThrow(expected);
    const b = await composition.backend('demo.backend', ['demo.mitigator']);
    expect(b.id).toBe('demo.backend');
    expect(imports).toEqual({ backend: 1, mitigator: 1 });
    expect(await composition.part({ id: 'demo.backend', options: {} }, 'backend').catch((e: Error) => e.message)).toMatch(/already registered/);
  });

  it('a package that fails to import is a PluginLoadError naming it; the others still work', async () => {
    const { registry, imports } = lazy(async () => {
      throw new Error('Cannot find module "tfjs-node"');
    });
    const err = await registry.load(['demo.backend']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PluginLoadError);
    expect((err as PluginLoadError).packageName).toBe('@demo/backend');
    expect((err as Error).message).toMatch(/Cannot load the plugin package @demo\/backend: Cannot find module "tfjs-node"/);
    await expect(registry.get('demo.backend').create({}, createContainer())).rejects.toThrow(/@demo\/backend/);
    await expect(new Composition(registry).check([{ path: 'backend', kind: 'backend', ref: 'demo.backend' }])).rejects.toThrow(PluginLoadError);
    expect(imports.backend).toBe(1); // the failure is remembered, not retried
    await registry.load(['demo.mitigator']);
    expect(registry.get('demo.mitigator').parseOptions(undefined)).toEqual({});
    expect(registry.packages().map((p) => [p.name, p.loaded, p.error !== undefined])).toEqual([['@demo/backend', false, true], ['@demo/mitigator', true, false]]);
    await expect(registry.load()).rejects.toThrow(/@demo\/backend/);
  });

  it('a manifest that does not match its module (a stale build) is refused on import', async () => {
    const { registry } = lazy(async () => ({ ...backendModule, plugins: [definePlugin({ id: 'demo.renamed', kind: 'backend', description: 'x', create: () => ({}) })] }));
    await expect(registry.load(['demo.backend'])).rejects.toThrow(/The manifest of @demo\/backend does not match its code: it declares the plugin "demo.backend", which the module lacks; the module has plugins it does not declare: demo.renamed.*npm run build/);
  });

  it('refuses an id, a command or a suite that is already registered, eager or declared', () => {
    const { registry } = lazy();
    expect(() => registry.addModule({ plugins: [backend] })).toThrow(/Two plugins have the id "demo.backend"/);
    expect(() => registry.addModule({ commands: [{ name: 'greet', register: () => {} }] })).toThrow(/Two packages contribute the command "greet"/);
    expect(() => registry.addPackage(manifestOf('@demo/again', { benchmarks: backendModule.benchmarks! }), async () => ({}))).toThrow(/benchmark suite "demo"/);
    expect(() => new LazyPluginRegistry().addModule(backendModule).addPackage(manifestOf('@demo/backend', backendModule), async () => backendModule)).toThrow(ValidationError);
  });

  it('serves modules added with addModule as PluginRegistry does', async () => {
    const registry = new LazyPluginRegistry().addModule(mitigatorModule).addPackage(manifestOf('@demo/backend', backendModule), async () => backendModule);
    expect(registry.get('demo.mitigator')).toBe(mitigator);
    expect(registry.ids()).toEqual(['demo.backend', 'demo.mitigator']);
    expect(registry.declaration('demo.mitigator')).toBeUndefined();
    expect(registry.declaration('demo.backend')?.capabilities).toEqual({ maxQubits: 4 });
  });
});

describe('parseManifest', () => {
  const good = manifestOf('@demo/backend', backendModule);

  it('accepts a manifest and names the first field that is wrong', () => {
    expect(parseManifest(JSON.parse(JSON.stringify(good)), 'm.json')).toEqual(good);
    expect(() => parseManifest([], 'm.json')).toThrow(/m\.json is not an hqml manifest: it is not a JSON object/);
    expect(() => parseManifest({ ...good, format: 2 }, 'm.json')).toThrow(/its format is 2, this hqml reads format 1/);
    expect(() => parseManifest({ ...good, plugins: [{ ...good.plugins[0], kind: 'toaster' }] }, 'm.json')).toThrow(/plugins\[0\]\.kind is "toaster"/);
    expect(() => parseManifest({ ...good, commands: [{ name: 'x', aliases: [1], description: '', helpTerm: 'x' }] }, 'm.json')).toThrow(/commands\[0\]\.aliases/);
    expect(() => parseManifest({ ...good, doctor: undefined }, 'm.json')).toThrow(/"doctor" is not an array/);
  });
});
