/**
 * Every `fleetcert` command as a loader, in COMMANDS' order (index.ts; a test keeps the two the
 * same). The compiled CLI registers a command's real module only when the command line names it,
 * and stands in for the others with their name and description from dist/…/catalog.json, which
 * the build writes from these loaders: `fleetcert --help` then loads no broker, MQTT client or
 * property-testing library, and starts in a fraction of the time.
 */
import type { CommandModule } from 'yargs';

// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types
type AnyCommand = CommandModule<any, any>;

export const COMMAND_LOADERS: readonly (() => Promise<AnyCommand>)[] = [
  async () => (await import('./start.js')).startCommand,
  async () => (await import('./broker.js')).brokerCommand,
  async () => (await import('./simulate.js')).simulateCommand,
  async () => (await import('./certify.js')).certifyCommand,
  async () => (await import('./hub.js')).hubCommand,
  async () => (await import('./model.js')).modelCommand,
  async () => (await import('./report.js')).reportCommand,
  async () => (await import('./replay.js')).replayCommand,
  async () => (await import('./load.js')).loadCommand,
  async () => (await import('./tls.js')).tlsCommand,
];

/** What `fleetcert --help` shows of a command it has not loaded. */
export interface CatalogEntry {
  readonly command: string;
  readonly describe: string;
}

export const CATALOG_FILE = 'catalog.json';

/** The catalog the build writes beside the compiled loaders: same order as COMMAND_LOADERS. */
export async function buildCatalog(): Promise<CatalogEntry[]> {
  const modules = await Promise.all(COMMAND_LOADERS.map((load) => load()));
  return modules.map((m) => ({ command: String(m.command), describe: String(m.describe) }));
}
