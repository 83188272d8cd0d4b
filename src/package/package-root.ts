/**
 * Where fleetcert's own files are: the package root (the folder holding fleetcert's package.json),
 * found by walking up from this module. One edge module, so the same code finds the schemas,
 * reference models and bin/ whether it runs from sources (src/…, through tsx) or compiled (dist/src/…).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
}

function findPackageRoot(start: string): { root: string; manifest: PackageJson } {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as PackageJson;
      if (manifest.name === 'fleetcert') return { root: dir, manifest };
    }
    const parent = dirname(dir);
    // Unreachable in an intact install: this module is always inside the package.
    if (parent === dir)
      throw new Error(`fleetcert's package.json was not found above ${start}; reinstall fleetcert`);
    dir = parent;
  }
}

const found = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The package root: the folder with package.json, bin/, docs/ and fixtures/. */
export const PACKAGE_ROOT = found.root;

/** fleetcert's version, from its package.json. */
export const FLEETCERT_VERSION: string = found.manifest.version ?? '0.0.0';

/** A path inside the package, e.g. `packagePath('docs', 'schemas')`. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
