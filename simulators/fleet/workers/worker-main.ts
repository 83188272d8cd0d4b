/**
 * A fleet worker process (`--workers N`): runs its slice of the fleet, reports counts to the
 * parent twice a second, and goes offline gracefully on the parent's `stop`, on SIGINT or
 * SIGTERM (a Ctrl-C reaches the whole process group), or when the parent is gone.
 * Started by worker-fleet.ts with `node --import tsx`.
 */
import { createLogger } from '../../../src/log/index.js';
import { clientCertificateRefusal } from '../../../src/transport/mqtt/index.js';
import { startFleet } from '../fleet.js';
import type { Fleet } from '../types.js';
import type { FromWorker, ToWorker } from './protocol.js';

const REPORT_MS = 500;
let fleet: Fleet | undefined;
let stopping: Promise<void> | undefined;
let reporter: NodeJS.Timeout | undefined;
let allConnectedMs: number | undefined;
const startedAt = performance.now();

const send = (message: FromWorker): void => {
  if (process.connected) process.send?.(message);
};

function stop(): Promise<void> {
  stopping ??= (async () => {
    if (reporter) clearInterval(reporter);
    const summary = fleet ? await fleet.stop() : undefined;
    if (summary) send({ type: 'stopped', summary });
    process.disconnect?.();
    process.exit(0);
  })();
  return stopping;
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    void stop();
    return;
  }
  const logger = createLogger({ ...message.log, colour: false }).child({ worker: message.worker });
  startFleet({ ...message.options, logger }).then(
    (started) => {
      fleet = started;
      started.events.once('ready', () => {
        allConnectedMs = performance.now() - startedAt;
      });
      // The parent stops the whole fleet with exit 2 on the first refusal: one report is enough.
      let refusalSent = false;
      started.events.on('device-error', (device, error) => {
        const why = refusalSent ? undefined : clientCertificateRefusal(error);
        if (why === undefined) return;
        refusalSent = true;
        send({ type: 'certificate-refused', deviceId: device.id, why, message: error.message });
      });
      const report = () => send({ type: 'counts', counts: started.counts(), allConnectedMs });
      reporter = setInterval(report, REPORT_MS);
      report();
    },
    (error: Error & { code?: string }) => {
      send({ type: 'failed', message: error.message, ...(error.code ? { code: error.code } : {}) });
      process.exit(2);
    },
  );
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop());
process.on('disconnect', () => void stop());
// Messages sent before this process listened would be lost: the parent waits for this one.
send({ type: 'listening' });
