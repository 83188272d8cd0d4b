/**
 * An EDP/1 hub written from PROTOCOL.md section 8 alone, outside fleetcert: it imports only
 * `ws`, `mqtt` and Node built-ins, so certifying it shows that fleetcert judges the protocol and
 * not its own reference hub. Run: `node --import tsx test/support/independent-hub/main.ts --config FILE`.
 */
import { readFileSync } from 'node:fs';
import { startHub } from './hub.js';

function fail(message: string): never {
  process.stderr.write(`independent-hub: ${message}\n`);
  process.exit(2);
}

const at = process.argv.indexOf('--config');
const file = at > 0 ? process.argv[at + 1] : undefined;
if (file === undefined) fail('usage: main.ts --config FILE');

let config: unknown;
try {
  config = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  fail(`cannot read ${file}: ${(error as Error).message}`);
}

const stop = new Promise<string>((resolve) => {
  process.once('SIGTERM', () => resolve('SIGTERM'));
  process.once('SIGINT', () => resolve('SIGINT'));
});

try {
  const hub = await startHub(config);
  process.stdout.write(`EDP-HUB READY ${hub.url}\n`);
  await stop;
  await hub.close();
  process.exit(0);
} catch (error) {
  fail((error as Error).message);
}
