import { DataError, HqmlError, ResourceError, ValidationError } from './errors.js';

/** A Node.js system error (`err.code` such as ENOENT, `err.path` when the call had one). */
interface SystemError {
  readonly code: string;
  readonly path?: string;
  readonly syscall?: string;
  readonly message: string;
}

type Kind = 'validation' | 'resource' | 'data';

const CODES: Readonly<Record<string, { readonly why: string; readonly fix: string; readonly kind: Kind }>> = {
  ENOENT: { why: 'it does not exist, or a folder on its path does not', fix: 'Check the path; create the folder first if it is an output folder', kind: 'validation' },
  ENOTDIR: { why: 'a part of the path is a file, not a folder', fix: 'Choose a path whose parents are folders', kind: 'validation' },
  EISDIR: { why: 'it is a folder, and a file was expected', fix: 'Pass a file path, not a folder', kind: 'validation' },
  EACCES: { why: 'permission denied', fix: 'Choose a location you may write to, or change its permissions', kind: 'validation' },
  EPERM: { why: 'the operation is not permitted', fix: 'Choose a location you may write to, or change its permissions', kind: 'validation' },
  EROFS: { why: 'the file system is read-only', fix: 'Choose a location on a writable file system', kind: 'validation' },
  EEXIST: { why: 'something already exists there', fix: 'Remove it or choose another path', kind: 'validation' },
  ENAMETOOLONG: { why: 'the path is too long', fix: 'Choose a shorter path', kind: 'validation' },
  ELOOP: { why: 'symbolic links on the path form a loop', fix: 'Fix the links or choose another path', kind: 'validation' },
  EBUSY: { why: 'the file is busy', fix: 'Close what holds it and try again', kind: 'resource' },
  ENOSPC: { why: 'no space is left on the device', fix: 'Free disk space or choose another disk', kind: 'resource' },
  EDQUOT: { why: 'the disk quota is exceeded', fix: 'Free space within your quota or choose another disk', kind: 'resource' },
  EMFILE: { why: 'too many files are open', fix: 'Close other programs or raise the open-file limit (ulimit -n)', kind: 'resource' },
  ENFILE: { why: 'the system has too many files open', fix: 'Try again later or raise the system limit', kind: 'resource' },
  EFBIG: { why: 'the file would be too large for the file system', fix: 'Write smaller files or use another file system', kind: 'resource' },
  EIO: { why: 'an input/output error occurred on the device', fix: 'Check the disk; try another location', kind: 'data' },
};

/** Whether `err` is a Node.js file-system error hqml knows how to explain. */
export function isFileSystemError(err: unknown): err is SystemError {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' && (err as { code: string }).code in CODES;
}

/**
 * Turns a Node.js file-system error into an hqml error that names the path, what was being
 * done, why it failed and how to fix it (ENOSPC and other exhaustion as a ResourceError, a bad
 * path as a ValidationError). `path` defaults to the error's own path. Other errors pass
 * through unchanged. When the failing call's own path differs (a parent folder), it is added as
 * `(at ...)` unless `showErrorPath` is false (a temporary file the user never named).
 */
export function fileSystemError(err: unknown, action: string, path?: string, showErrorPath = true): unknown {
  if (!isFileSystemError(err)) return err;
  const info = CODES[err.code]!;
  const where = path ?? err.path;
  const extra = showErrorPath && err.path !== undefined && path !== undefined && err.path !== path ? ` (at ${err.path})` : '';
  const parts = { what: `Cannot ${action}${where !== undefined ? ` ${where}` : ''}${extra}`, why: `${info.why} (${err.code})`, fix: info.fix, cause: err };
  const e: HqmlError = info.kind === 'resource' ? new ResourceError(parts) : info.kind === 'data' ? new DataError(parts) : new ValidationError(parts);
  return e;
}

const ACTIONS: Readonly<Record<string, string>> = {
  open: 'open',
  mkdir: 'create the folder',
  rename: 'rename to',
  write: 'write to',
  unlink: 'remove',
  rmdir: 'remove the folder',
  scandir: 'list the folder',
  stat: 'access',
  lstat: 'access',
  copyfile: 'copy to',
  read: 'read',
};

/**
 * The hqml error that explains `err`, or undefined when it is not one hqml can explain: hqml
 * errors themselves, Node.js file-system errors (by their `syscall`, naming the path), and
 * memory exhaustion inside V8 (`Array buffer allocation failed`, `Invalid typed array length`)
 * as a ResourceError. Used where errors reach the user (the `hqml` command).
 */
export function explainError(err: unknown): HqmlError | undefined {
  if (err instanceof HqmlError) return err;
  if (isFileSystemError(err)) return fileSystemError(err, ACTIONS[err.syscall ?? ''] ?? 'access') as HqmlError;
  if (err instanceof RangeError && /allocation failed|Invalid (typed )?array length|Array buffer|out of memory/i.test(err.message)) {
    return new ResourceError({ what: `Out of memory: ${err.message}`, why: 'a buffer larger than the memory available was asked for', fix: 'Ask for a smaller problem (fewer variables, reads, samples or a smaller batch)', cause: err });
  }
  if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ERR_FS_FILE_TOO_LARGE') {
    return new ResourceError({ what: (err as Error).message, why: 'Node.js reads at most 2 GiB into one buffer', fix: 'Pass a smaller file', cause: err });
  }
  return undefined;
}
