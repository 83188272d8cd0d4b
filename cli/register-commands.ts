/**
 * Registers the commands with yargs. Compiled (dist/ with the build's catalog.json), a command's
 * module is loaded only when the command line names it; the others stand in with the name and
 * description the build recorded, enough for `--help`, suggestions and strict parsing. From
 * sources (no catalog) every module is loaded, as before.
 */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { CATALOG_FILE, type CatalogEntry, COMMAND_LOADERS } from './commands/lazy.js';

function readCatalog(): CatalogEntry[] | undefined {
  try {
    const catalog = JSON.parse(
      readFileSync(new URL(`./commands/${CATALOG_FILE}`, import.meta.url), 'utf8'),
    ) as CatalogEntry[];
    return catalog.length === COMMAND_LOADERS.length ? catalog : undefined;
  } catch {
    return undefined;
  }
}

export async function registerCommands(parser: Argv, argv: readonly string[]): Promise<void> {
  const catalog = readCatalog();
  const words = new Set(argv);
  for (const [index, load] of COMMAND_LOADERS.entries()) {
    const entry = catalog?.[index];
    if (entry === undefined || words.has(entry.command.split(' ')[0]!)) {
      parser.command(await load());
    } else {
      // Never runs: a command named on the command line is registered from its real module above.
      parser.command({ command: entry.command, describe: entry.describe, handler: () => {} });
    }
  }
}
