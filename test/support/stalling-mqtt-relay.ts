/**
 * A cloud whose link to a client breaks mid-flight, for QoS 1 tests: a TCP relay in front of a
 * real broker that, once it has passed `after` PUBLISH-bearing chunks to its clients, swallows
 * everything the clients send (their PUBACKs never reach the broker) while `stallFor` more
 * chunks reach them, then cuts every connection. The broker holds those deliveries as
 * unacknowledged and, when the client comes back to its session, sends them again (DUP).
 * Driven by traffic, not by time: it behaves the same on a slow machine.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface StallingRelayOptions {
  readonly upstreamPort: number;
  /** Chunks from the broker carrying `topicMark` passed before the stall begins. */
  readonly after: number;
  /** Such chunks passed during the stall (their acknowledgements swallowed) before the cut. */
  readonly stallFor: number;
  /** Text a chunk must contain to count (e.g. `/events`). */
  readonly topicMark: string;
}

export interface StallingRelay {
  readonly url: string;
  /** Connections cut so far (0 until the stall ends). */
  cuts(): number;
  stop(): Promise<void>;
}

export async function startStallingRelay(options: StallingRelayOptions): Promise<StallingRelay> {
  const sockets = new Set<Socket>();
  let seen = 0;
  let cuts = 0;
  let phase: 'passing' | 'stalling' | 'done' = 'passing';
  const cutAll = () => {
    phase = 'done';
    for (const socket of sockets) {
      cuts++;
      socket.destroy();
    }
  };
  const server: Server = createServer((client) => {
    const upstream = createConnection({ port: options.upstreamPort, host: '127.0.0.1' });
    sockets.add(client);
    sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      // During the stall the client's acknowledgements (and anything else) never arrive.
      if (phase !== 'stalling') upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      if (phase === 'done' || !chunk.includes(options.topicMark)) return;
      seen++;
      if (phase === 'passing' && seen >= options.after) {
        phase = 'stalling';
        seen = 0;
      } else if (phase === 'stalling' && seen >= options.stallFor) setImmediate(cutAll);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `mqtt://127.0.0.1:${port}`,
    cuts: () => cuts,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
