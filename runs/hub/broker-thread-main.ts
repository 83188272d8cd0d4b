/**
 * The embedded broker of a hub load run in a worker thread (./broker-thread.ts): aedes routes
 * every command four times (hub to device and back, in and out) on a loop of its own, not on
 * the one that keeps the generator's schedule.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createBrokerAuthPolicy, startEmbeddedBroker } from '../../src/broker/index.js';
import type { BrokerThreadData, FromBrokerThread } from './broker-thread-protocol.js';
import { hubRunTokens } from './hub-run-tasks.js';
import { threadLogger } from './thread-log.js';

const port = parentPort;
if (!port) throw new Error('broker-thread-main.ts runs only as a worker thread (runs/hub/broker-thread.ts)');
const data = workerData as BrokerThreadData;
const post = (message: FromBrokerThread) => port.postMessage(message);

startEmbeddedBroker({
  port: 0,
  auth: createBrokerAuthPolicy({ tokens: hubRunTokens(data.hubPassword, data.deviceToken) }),
  logger: threadLogger(data.logLevel, (line) => post({ type: 'log', line })),
}).then(
  (broker) => {
    port.on('message', () => {
      void broker.close().then(() => {
        post({ type: 'closed' });
        port.close();
      });
    });
    post({ type: 'listening', url: broker.url });
  },
  (error: Error) => post({ type: 'failed', message: error.message }),
);
