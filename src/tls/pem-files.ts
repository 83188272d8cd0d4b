/**
 * Writes certificates and keys as files: a key is created with mode 0600 (owner only) and never
 * passes through a log; an existing file is kept unless `overwrite` is set, so a CA someone
 * keeps is never replaced by accident.
 */
import { chmod, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { FleetcertError } from '../errors.js';

export interface PemFile {
  /** File name inside the output folder. */
  readonly name: string;
  readonly text: string;
  /** A private key: written 0600. */
  readonly secret: boolean;
}

/** A file that exists already (no --force), or cannot be written: exit 2, naming the path and the fix. */
export class PemFileError extends FleetcertError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FLEETCERT_TLS_WRITE', message, { exitCode: 2, ...options });
  }
}

/** Writes `files` into `dir` (created if missing); returns their paths in order. */
export async function writePemFiles(
  dir: string,
  files: readonly PemFile[],
  options: { readonly overwrite?: boolean } = {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new PemFileError(`cannot create the folder ${dir}: ${error.message}; give another --out`, {
      cause: error,
    });
  });
  const paths: string[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    const mode = file.secret ? 0o600 : 0o644;
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, options.overwrite ? 'w' : 'wx', mode);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new PemFileError(
        code === 'EEXIST'
          ? `${path} exists already; keep it (write into another --out) or replace it with --force`
          : `cannot write ${path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    try {
      // `mode` applies only to a new file: a replaced key is narrowed too.
      if (options.overwrite) await chmod(path, mode);
      await handle.writeFile(file.text.endsWith('\n') ? file.text : `${file.text}\n`);
    } finally {
      await handle.close();
    }
    paths.push(path);
  }
  return paths;
}
