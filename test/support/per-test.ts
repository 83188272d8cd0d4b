/**
 * Per-test set-up that integration tests repeat: clean-ups run after each test, newest first
 * (a device stops before its broker closes), and an embedded broker on a free port that accepts
 * one shared token, closed after the test. Call `usePerTest()` once at the top of a test file:
 * it registers that file's afterEach.
 */
import { afterEach } from 'vitest';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  sharedTokenPolicy,
  startEmbeddedBroker,
} from '../../src/broker/index.js';

export interface PerTest {
  /** Runs `cleanup` after the current test, before every clean-up registered earlier. */
  defer(cleanup: () => Promise<unknown>): void;
  /** An embedded broker on `port` (default: a free one) accepting `token` from every client. */
  broker(token: string, port?: number): Promise<EmbeddedBroker>;
}

export function usePerTest(): PerTest {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const defer = (cleanup: () => Promise<unknown>): void => {
    cleanups.push(cleanup);
  };
  return {
    defer,
    async broker(token, port = 0) {
      const broker = await startEmbeddedBroker({
        port,
        auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(token) }),
      });
      defer(() => broker.close());
      return broker;
    },
  };
}
