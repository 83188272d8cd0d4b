/**
 * An embedded broker alone in a child process, for memory measurements a test cannot make in
 * its own process: it sends `{ port }` once listening and answers `rss` with its resident set
 * size after garbage collection (run with --expose-gc).
 */
import { startEmbeddedBroker } from '../../src/broker/embedded-broker.js';

const broker = await startEmbeddedBroker({ port: 0 });
const collect = (globalThis as { gc?: () => void }).gc;

process.on('message', async (message: unknown) => {
  if (message === 'rss') {
    for (let round = 0; round < 3; round += 1) {
      collect?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process.send?.({ rss: process.memoryUsage().rss });
  } else if (message === 'rss-now') {
    process.send?.({ rss: process.memoryUsage().rss });
  } else if (message === 'stop') {
    await broker.close();
    process.exit(0);
  }
});
process.send?.({ port: broker.port });
