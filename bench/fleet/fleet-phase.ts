/**
 * The simulated fleet, as `fleetcert simulate --fleet` runs it: every device with its engine,
 * behaviour and MQTT link. Run by bench/fleet.ts in its own process:
 * node --expose-gc --import tsx bench/fleet/fleet-phase.ts URL[,URL…] MIX WINDOW
 */
import { readFile } from 'node:fs/promises';
import { startFleet } from '../../simulators/fleet/fleet.js';
import { parseFleetSpec } from '../../simulators/fleet/fleet-spec.js';
import { parseModelText } from '../../src/model/load.js';
import { settledRss } from './memory.js';
import { reportConnected, send } from './phase-child.js';

const [url = '', mix = 'bulb=10', windowText = '256'] = process.argv.slice(2);

async function main(): Promise<void> {
  const specs = parseFleetSpec(mix);
  const groups = await Promise.all(
    specs.map(async (spec) => {
      const file = new URL(`../../fixtures/models/${spec.name}.json`, import.meta.url);
      return {
        name: spec.name,
        count: spec.count,
        model: parseModelText(await readFile(file, 'utf8'), spec.name).model,
      };
    }),
  );
  const rssBaseline = await settledRss();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const fleet = await startFleet({
    groups,
    broker: url.split(','),
    tokens: { kind: 'single', token: 'token' },
    maxConnecting: Number(windowText),
    seed: 1,
  });
  await fleet.ready();
  await reportConnected({
    phase: 'fleet',
    target: fleet.target,
    rssBaseline,
    cpu0,
    t0,
    counts: () => fleet.counts(),
  });
  const s0 = performance.now();
  const summary = await fleet.stop();
  send({ type: 'stopped', stopMs: performance.now() - s0, graceful: summary.stoppedGracefully });
  process.exit(0);
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
