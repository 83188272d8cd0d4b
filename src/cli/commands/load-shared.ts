/** What the `fleetcert load` commands share: the version written into results, the default output folder. */
import { readFileSync } from 'node:fs';

export const FLEETCERT_VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
export const DEFAULT_LOAD_OUT = 'fleetcert-load-report';
