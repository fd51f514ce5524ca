export { main } from './main.js';
export type { MainOptions } from './main.js';
export { createProgram, createRegistry, programFor, runProgram, runCli, commandWord, builtinModule } from './program.js';
export type { ProgramInput, CliContext } from './program.js';
export { findPluginPackages, loadPluginModules, discoverModules, readManifest, importHqmlModule, MANIFEST_FILE } from './discovery.js';
export type { DiscoveredModule, PluginPackage } from './discovery.js';
export { describeModule } from './describeModule.js';
export { writeManifest } from './writeManifest.js';
export { formatTable } from './table.js';
