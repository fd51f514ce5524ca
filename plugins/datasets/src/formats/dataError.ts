import { DataError } from '@hqml/core';

/** The fix every broken-file error suggests: where intact files come from and how to check them. */
export const REPAIR_FIX = 'Delete the file and load again to re-download it, or point --data-dir / HQML_DATA_DIR at an intact copy; `hqml datasets verify <id>` compares checksums';

/**
 * A {@link DataError} about one file: names the file, what was expected and what was found.
 * One helper so that every parser phrases the three parts the same way.
 */
export function fileError(file: string, problem: string, expected: string, found: string, cause?: unknown): DataError {
  return new DataError({
    what: `${file}: ${problem}`,
    why: `expected ${expected}, found ${found}`,
    fix: REPAIR_FIX,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Formats a byte count with thousands separators for messages. */
export function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} byte${n === 1 ? '' : 's'}`;
}

/** Formats 32 bits as 0x00000803. */
export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}
