// `@hqml/core`: everything in `@hqml/core/browser` (the modules that import nothing from Node;
// see browser.ts for the whole list, by topic), plus the parts that need Node below.
export * from './browser.js';

// Plugins, the registry and the composition root (config files: node:fs)
export { definePlugin, PLUGIN_KINDS, MULTI_KINDS } from './plugin.js';
export type { HqmlPlugin, PluginKind, PluginSpec, HqmlModule, CommandContribution, CommandContext, BenchSuite, BenchRecord, DoctorCheck, DoctorFinding } from './plugin.js';
export { PluginRegistry } from './registry.js';
export type { PluginRef } from './registry.js';
export { LazyPluginRegistry } from './lazyRegistry.js';
export type { DeclaredPackageState } from './lazyRegistry.js';
export { MANIFEST_FORMAT, parseManifest } from './pluginManifest.js';
export type { HqmlManifest, PluginDeclaration, CommandDeclaration, BenchDeclaration, DoctorDeclaration } from './pluginManifest.js';
export { baseConfigSchema, seedsSchema, pluginRefSchema, parseConfig, parseConfigText, loadConfig, formatZodError } from './config.js';
export type { BaseConfig } from './config.js';
export { Composition, checkPluginRefs, refId, refOptions, refLabel } from './composition.js';
export type { PartRef } from './composition.js';
export { parsePluginRefText, commandLineMitigators } from './mitigatorRefs.js';

// Runtime helpers that need Node
export { startWorker, defaultThreads } from './workers.js';
export { writeFileAtomic } from './atomicFile.js';
export { readInputFile, readTextFile } from './inputFile.js';
export type { InputFileOptions } from './inputFile.js';
