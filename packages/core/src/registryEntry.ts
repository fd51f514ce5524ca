// The entry `@hqml/core/registry`: what a program needs to find and list plugins (the registries,
// manifests, plugin kinds, the error classes), without the simulation layer, tsyringe, zod or
// YAML that `@hqml/core` loads. The `hqml` command starts from here; the classes are the same
// ones `@hqml/core` exports (one module each, whichever entry imports it).
export { HqmlError, ValidationError, PluginNotFoundError, PluginLoadError, UnsupportedError, DataError, ResourceError, describeValue } from './errors.js';
export type { ErrorParts } from './errors.js';
export { explainError } from './fileSystemError.js';
export { PLUGIN_KINDS, MULTI_KINDS } from './pluginKinds.js';
export type { PluginKind } from './pluginKinds.js';
export { PluginRegistry } from './registry.js';
export type { PluginRef } from './registry.js';
export { LazyPluginRegistry } from './lazyRegistry.js';
export type { DeclaredPackageState } from './lazyRegistry.js';
export { MANIFEST_FORMAT, parseManifest } from './pluginManifest.js';
export type { HqmlManifest, PluginDeclaration, CommandDeclaration, BenchDeclaration, DoctorDeclaration } from './pluginManifest.js';
export type { HqmlPlugin, HqmlModule, CommandContribution, CommandContext, BenchSuite, BenchRecord, DoctorCheck, DoctorFinding } from './plugin.js';
