/**
 * The simulated fleet, as `fleetcert simulate --fleet` runs it: every device with its engine,
 * behaviour and MQTT link. Run by bench/fleet.ts in its own process:
 * node --expose-gc --import tsx bench/fleet/fleet-phase.ts URL[,URL…] MIX WINDOW
 */
import { readFile } from 'node:fs/promises';
import { createFleet } from '../../simulators/fleet/fleet.js';
import { parseFleetSpec } from '../../simulators/fleet/fleet-spec.js';
import { parseModelText } from '../../src/model/load.js';
import { settledMemory } from './memory.js';
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
  // The baseline before building: the devices' engines and behaviours count in its memory.
  const baseline = await settledMemory();
  const b0 = performance.now();
  const fleet = createFleet({
    groups,
    broker: url.split(','),
    tokens: { kind: 'single', token: 'token' },
    maxConnecting: Number(windowText),
    seed: 1,
  });
  const buildMs = performance.now() - b0;
  // Connect time and CPU from the first connect, as the bare loop's (building is reported apart).
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fleet.start();
  await fleet.ready();
  await reportConnected({
    phase: 'fleet',
    target: fleet.target,
    baseline,
    cpu0,
    t0,
    counts: () => fleet.counts(),
    buildMs,
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
