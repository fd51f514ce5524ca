import { DEFAULT_ENDPOINT, DEFAULT_REGION, type SapiConfig } from './sapiConfig.js';
import { MEDIA_TYPES } from './mediaTypes.js';
import { SapiRequestError } from './sapiErrors.js';

/** A region record of the metadata API. */
export interface RegionRecord {
  readonly code: string;
  readonly name?: string;
  readonly endpoint: string;
}

/**
 * The SAPI endpoint of a configuration: an explicit endpoint wins; otherwise the region's
 * endpoint from the metadata API (`GET {metadata}/regions/`); if that call fails for the default
 * region, the documented default endpoint (as the cloud client does).
 */
export async function resolveEndpoint(config: SapiConfig, options: { signal?: AbortSignal } = {}): Promise<string> {
  if (config.endpoint !== undefined) return config.endpoint;
  try {
    const base = config.metadataEndpoint.endsWith('/') ? config.metadataEndpoint : `${config.metadataEndpoint}/`;
    const res = await fetch(new URL('regions/', base), { headers: { Accept: `${MEDIA_TYPES.regions}; version=1.0.0` }, signal: options.signal ?? AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const regions = (await res.json()) as RegionRecord[];
    const found = regions.find((r) => r.code === config.region);
    if (found) return found.endpoint;
    throw new SapiRequestError({ what: `region ${config.region} is unknown`, why: `the regions are: ${regions.map((r) => r.code).join(', ')}`, fix: 'Set DWAVE_API_REGION to one of them' });
  } catch (err) {
    if (err instanceof SapiRequestError) throw err;
    if (config.region === DEFAULT_REGION) return DEFAULT_ENDPOINT;
    throw new SapiRequestError({ what: `cannot look up the endpoint of region ${config.region}`, why: `the metadata API at ${config.metadataEndpoint} failed (${String(err)})`, fix: 'Set DWAVE_API_ENDPOINT explicitly' });
  }
}
