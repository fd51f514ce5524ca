/**
 * SAPI's versioned media types (dwave-cloud-client `api/resources.py`): the client asks for
 * version 3.0.0 in `Accept` and accepts responses of 3.x (`~=3.0`); answers accept `>=2.1,<4`.
 */
export const MEDIA_TYPES = Object.freeze({
  solverList: 'application/vnd.dwave.sapi.solver-definition-list+json',
  solver: 'application/vnd.dwave.sapi.solver-definition+json',
  problems: 'application/vnd.dwave.sapi.problems+json',
  problem: 'application/vnd.dwave.sapi.problem+json',
  problemAnswer: 'application/vnd.dwave.sapi.problem-answer+json',
  regions: 'application/vnd.dwave.metadata.regions+json',
});

/** The version hqml asks for. */
export const ASK_VERSION = '3.0.0';

/** A supported response version range: `[min, maxExclusive)` as [major, minor] pairs. */
export interface VersionRange {
  readonly min: readonly [number, number];
  readonly below: readonly [number, number];
}

/** `~=3.0` for SAPI resources, `>=2.1,<4` for answers, `~=1.0` for metadata. */
export function versionRangeOf(mediaType: string): VersionRange {
  if (mediaType === MEDIA_TYPES.problemAnswer) return { min: [2, 1], below: [4, 0] };
  if (mediaType === MEDIA_TYPES.regions) return { min: [1, 0], below: [2, 0] };
  return { min: [3, 0], below: [4, 0] };
}

/** Parses `type/subtype; version=3.0.0` into its parts (lower-cased type, params). */
export function parseContentType(header: string | null): { mediaType: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const [type, ...rest] = header.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
  }
  return { mediaType: type!.trim().toLowerCase(), params };
}

/** Whether a `version` parameter lies in a range. */
export function versionInRange(version: string, range: VersionRange): boolean {
  const m = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version);
  if (!m) return false;
  const v = [Number(m[1]), Number(m[2])] as const;
  const cmp = (a: readonly [number, number], b: readonly [number, number]): number => a[0] - b[0] || a[1] - b[1];
  return cmp(v, range.min) >= 0 && cmp(v, range.below) < 0;
}
