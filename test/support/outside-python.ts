/**
 * The Python the outside partners' devices and hubs run on (Debian's /usr/bin/python3), and why a
 * test of them cannot run here: a module their code imports is missing.
 */
import { execFileSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** Why PYTHON cannot import `modules` (with the Debian packages that provide them), or undefined when it can. */
export function pythonMissing(modules: readonly string[], packages: readonly string[]): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${PYTHON} cannot import ${modules.join(' and ')} (apt-get install ${packages.join(' ')})`;
  }
}
