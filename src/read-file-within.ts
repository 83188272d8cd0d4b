/**
 * The one bounded reader for every file fleetcert opens (models, scenarios, tokens, CA
 * certificates, hub configurations, traces, results): a regular file, measured before anything
 * is buffered, read to at most its limit (src/input-limits.ts). `broker.ca: /dev/zero` once read
 * 5.4 GB in 30 s, and a FIFO would block the reader for ever; special files are refused unless a
 * caller passes `allowSpecialFiles` (then they are still cut at the limit).
 */

import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { FleetcertError } from './errors.js';
import { formatLimit } from './input-limits.js';

export type FileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly size: number; readonly limit: number };

export interface ReadOptions {
  /** Read a device, FIFO or socket too (still cut at the limit). Off: such a file is refused. */
  readonly allowSpecialFiles?: boolean;
}

/** A path that is not a regular file (a device, a FIFO, a directory), named with what it is. */
export class NotRegularFileError extends FleetcertError {
  readonly path: string;

  constructor(path: string, kind: string) {
    super(
      'FLEETCERT_NOT_REGULAR_FILE',
      `${path} is ${kind}, not a regular file: give the path of a regular file`,
      {
        exitCode: 2,
      },
    );
    this.path = path;
  }
}

/** What a non-regular file is, in words. */
export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/**
 * Reads a file unless it is larger than `maxBytes`, measured on the open file before anything is
 * buffered. Throws NotRegularFileError for anything but a regular file (unless allowed); file
 * system errors (ENOENT, EACCES) are thrown as `readFile` throws them.
 */
export async function readFileWithin(
  path: string,
  maxBytes: number,
  options: ReadOptions = {},
): Promise<FileRead> {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer for ever, before any check.
  const flags = options.allowSpecialFiles ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NONBLOCK;
  const handle = await open(path, flags);
  try {
    const stats = await handle.stat();
    if (!stats.isFile() && !options.allowSpecialFiles) throw new NotRegularFileError(path, fileKind(stats));
    const { size } = stats;
    if (size > maxBytes) return { ok: false, size, limit: maxBytes };
    // A file that grows while read (or a pipe, whose size is 0) is cut at the limit plus one byte.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(size + 1, 65_536)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, size: length, limit: maxBytes };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } finally {
    await handle.close();
  }
}

export type TextFileRead =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly size: number; readonly limit: number };

/** `readFileWithin`, decoded as UTF-8 (invalid sequences replaced, as `readFile(path, 'utf8')` does). */
export async function readTextFileWithin(
  path: string,
  maxBytes: number,
  options: ReadOptions = {},
): Promise<TextFileRead> {
  const read = await readFileWithin(path, maxBytes, options);
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read;
}

/**
 * `readTextFileWithin` that throws instead of returning a size: a FleetcertError (exit 2)
 * naming `what` ("hub configuration h.json"), the size and the limit, or why the file could not
 * be read. For readers that have no error class of their own.
 */
export async function readBoundedText(
  path: string,
  maxBytes: number,
  what: string,
  code = 'FLEETCERT_FILE',
): Promise<string> {
  let read: TextFileRead;
  try {
    read = await readTextFileWithin(path, maxBytes);
  } catch (error) {
    const reason =
      error instanceof NotRegularFileError
        ? error.message
        : (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `${path}: no such file`
          : `${path}: ${(error as Error).message}`;
    throw new FleetcertError(code, `cannot read ${what}: ${reason}`, { exitCode: 2, cause: error });
  }
  if (!read.ok)
    throw new FleetcertError(
      code,
      `${what} ${path} is ${read.size} bytes or more, over the limit of ${formatLimit(read.limit)}: give a smaller file`,
      { exitCode: 2 },
    );
  return read.text;
}
