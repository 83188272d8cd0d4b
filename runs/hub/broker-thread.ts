/**
 * A hub load run's embedded broker in a worker thread (./broker-thread-main.ts). Why: in
 * bench:load-hub, with the devices already in a thread of their own (./fleet-thread.ts), the
 * generator's loop still routed every command four times through aedes and sent nearly every
 * command late; the broker needs nothing of that loop but its URL and, at the end, a close.
 */
import { FleetcertError } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import type { FromBrokerThread } from './broker-thread-protocol.js';
import { relayLog, startTsThread } from './thread-log.js';

/** The broker thread failed to start or went away while the run used it. */
export class BrokerThreadError extends FleetcertError {
  constructor(message: string) {
    super(
      'FLEETCERT_HUB_LOAD_BROKER_THREAD',
      `the hub load's broker thread: ${message} (its log goes to the run's log: rerun with --log-format pretty --log-level debug to see what it did before it failed)`,
    );
  }
}

export interface BrokerThread {
  readonly url: string;
  close(): Promise<void>;
}

export function startBrokerThread(options: {
  readonly hubPassword: string;
  readonly deviceToken: string;
  readonly logger: Logger;
}): Promise<BrokerThread> {
  const { logger } = options;
  const worker = startTsThread(import.meta.url, './broker-thread-main', {
    hubPassword: options.hubPassword,
    deviceToken: options.deviceToken,
    logLevel: logger.level,
  });
  let closing = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    worker.on('error', (error) => {
      logger.error({ err: error }, 'the broker thread failed');
      reject(new BrokerThreadError(error.message));
    });
    worker.on('exit', (code) => {
      if (!closing) {
        logger.error({ code }, 'the broker thread exited before the run closed it');
        reject(new BrokerThreadError(`it exited (code ${code}) before the run closed it`));
      }
    });
    worker.on('message', (message: FromBrokerThread) => {
      if (message.type === 'log') relayLog(logger, 'broker', message.line);
      else if (message.type === 'failed') reject(new BrokerThreadError(message.message));
      else if (message.type === 'listening')
        resolve({
          url: message.url,
          async close() {
            if (closing) return;
            closing = true;
            worker.postMessage('close');
            await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
            await worker.terminate();
          },
        });
    });
  });
}
