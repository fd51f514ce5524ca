import { HqmlError } from '@hqml/core';

/**
 * The measured values cannot be extrapolated by the chosen factory (Mitiq's `ExtrapolationError`):
 * an exponential fit to data that do not decay, a log of values on both sides of the asymptote.
 * The message names the factories that would work.
 */
export class ExtrapolationError extends HqmlError {}
