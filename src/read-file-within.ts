/** Reading a file only when it is within a size limit (src/input-limits.ts), measured before buffering. */
import { open } from 'node:fs/promises';

export type FileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly size: number; readonly limit: number };

/**
 * Reads a file unless it is larger than `maxBytes`, measured on the open file before anything is
 * buffered. File system errors (ENOENT, EACCES) are thrown as `readFile` throws them.
 */
export async function readFileWithin(path: string, maxBytes: number): Promise<FileRead> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
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
export async function readTextFileWithin(path: string, maxBytes: number): Promise<TextFileRead> {
  const read = await readFileWithin(path, maxBytes);
  return read.ok ? { ok: true, text: read.bytes.toString('utf8') } : read;
}
