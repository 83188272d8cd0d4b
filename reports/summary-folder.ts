/**
 * The folder of one result inside `report summary --out`: named after the device id or hub
 * target, which come from result files, not from fleetcert. `..` passed the old sanitiser, and
 * a result with device id `..` was written one level above --out. Names are reduced to
 * [A-Za-z0-9._-], a name of dots only (or none) gets a leading `_`, two subjects that reduce
 * to one name get `-2`, `-3`, and the resolved folder is checked to lie inside --out.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { FleetcertError, printable } from '../src/index.js';

const MAX_FOLDER_CHARS = 100;

/** A safe folder name for `name`: never empty, never `.` or `..`, at most 100 characters. */
export function folderNameOf(name: string): string {
  const reduced = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, MAX_FOLDER_CHARS);
  return /^\.*$/.test(reduced) ? `_${reduced}` : reduced;
}

/** Hands out one folder per subject under `outDir`, each checked to be inside it. */
export class SummaryFolders {
  readonly #root: string;
  readonly #used = new Set<string>();

  constructor(outDir: string) {
    this.#root = resolve(outDir);
  }

  folderFor(name: string): string {
    const base = folderNameOf(name);
    let candidate = base;
    for (let n = 2; this.#used.has(candidate.toLowerCase()); n++) candidate = `${base}-${n}`;
    this.#used.add(candidate.toLowerCase());
    const folder = resolve(this.#root, candidate);
    const inside = relative(this.#root, folder);
    if (inside === '' || inside.split(sep)[0] === '..' || isAbsolute(inside))
      throw new FleetcertError(
        'FLEETCERT_USAGE',
        `the result for ${JSON.stringify(printable(name, 80))} would be written outside --out ${this.#root}; nothing was written for it`,
      );
    return folder;
  }
}
