import type { BackendCapabilities } from '@hqml/core';

/**
 * The capabilities of a mitigated backend: the inner backend's, with `mitigation` listing the
 * techniques applied, innermost first (e.g. `['readout', 'zne']`).
 */
export function mitigatedCapabilities(inner: BackendCapabilities, technique: string): BackendCapabilities {
  const before = Array.isArray(inner['mitigation']) ? (inner['mitigation'] as string[]) : [];
  return Object.freeze({ ...inner, mitigation: [...before, technique] });
}
