/** What a plugin provides. */
export type PluginKind = 'backend' | 'annealer' | 'dataset' | 'model' | 'mitigator' | 'trainer' | 'evaluator' | 'app';

/** All plugin kinds, for help and validation. */
export const PLUGIN_KINDS: readonly PluginKind[] = ['backend', 'annealer', 'dataset', 'model', 'mitigator', 'trainer', 'evaluator', 'app'];

/**
 * Kinds of which one container holds several plugins at once: an ordered list of mitigators,
 * the data sets of several experiments. Registering a second one adds to the token's list.
 */
export const MULTI_KINDS: readonly PluginKind[] = ['mitigator', 'dataset'];
