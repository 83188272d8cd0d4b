/**
 * The warm-up of a hub load run (scenario `hub.warmup`): before the measured traffic, a closed
 * loop of get_properties on every app connection through the whole path (hub, broker, devices),
 * each connection keeping its in-flight window full, until the time is up and the last answer is
 * in. Nothing of it is counted: its answers are read here only, and the count leaves out the
 * requests devices received before the traffic began (countAgainstRecords' requestsFromMs).
 *
 * Why: the run's worker threads and the hub start cold. In bench:load-hub (7 December 2026, 3,200
 * commands/s) the first 2-4 s of traffic ran slower than the rest, every window held its 16
 * commands, and 6,000-10,000 commands of those seconds left more than 100 ms late while the
 * generator's own tick was never more than 34 ms late; after 5 s of warm-up, 0 and 51.
 * Gets only: they change no device state, so the traffic starts from the same fleet.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { type HubLoadDevice, type PlannedConnection, planCommands } from '../../load/hub/index.js';
import { MAX_REQUEST_ID } from '../../src/protocol/index.js';

/** Warm-up ids count down from here: below the setup requests' (the very top), above every command's. */
const WARMUP_ID_TOP = MAX_REQUEST_ID - 100_000;
/** Requests planned per connection; the loop goes round them. */
const PLANNED_PER_CONNECTION = 64;

export interface WarmupOptions {
  readonly sockets: readonly WebSocket[];
  readonly connections: readonly PlannedConnection[];
  readonly devices: readonly HubLoadDevice[];
  readonly seed: number;
  readonly inFlight: number;
  readonly durationMs: number;
  /** After the time is up, how long the last answers may take before the warm-up ends anyway. */
  readonly answerByMs: number;
  readonly signal?: AbortSignal;
}

export interface WarmupFigures {
  readonly sent: number;
  readonly answered: number;
}

export async function warmUp(options: WarmupOptions): Promise<WarmupFigures> {
  const { sockets, connections, inFlight } = options;
  const planned = planCommands(
    {
      seed: options.seed,
      ratePerS: 1000,
      mix: { get: 1, set: 0, action: 0 },
      startMs: 0,
      endMs: PLANNED_PER_CONNECTION * Math.max(1, connections.length),
    },
    connections,
    options.devices,
  );
  // Per connection, the app params of its planned gets (ids are the warm-up's own).
  const position = new Map(connections.map((connection, c) => [connection.index, c]));
  const paramsOf = connections.map(() => [] as unknown[]);
  for (const command of planned)
    paramsOf[position.get(command.connection) ?? -1]?.push(
      (JSON.parse(command.frame) as { params: unknown }).params,
    );
  const until = performance.now() + options.durationMs;
  const pending = new Set<number>();
  let nextId = WARMUP_ID_TOP;
  let sent = 0;
  let answered = 0;
  const listeners: (() => void)[] = [];
  await new Promise<void>((done) => {
    let over = false;
    const finish = () => {
      if (over) return;
      over = true;
      clearTimeout(giveUp);
      options.signal?.removeEventListener('abort', finish);
      done();
    };
    const giveUp = setTimeout(finish, options.durationMs + options.answerByMs);
    options.signal?.addEventListener('abort', finish);
    const settleIfOver = () => {
      if (pending.size === 0 && performance.now() >= until) finish();
    };
    sockets.forEach((socket, c) => {
      const params = paramsOf[c] ?? [];
      if (params.length === 0) return;
      let turn = 0;
      const send = () => {
        if (over || performance.now() >= until || socket.readyState !== WebSocket.OPEN) return;
        const id = nextId--;
        pending.add(id);
        sent++;
        socket.send(
          JSON.stringify({ id, method: 'devices.get_properties', params: params[turn++ % params.length] }),
        );
      };
      const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
        if (isBinary) return;
        let id: unknown;
        try {
          id = (JSON.parse(data.toString()) as { id?: unknown } | null)?.id;
        } catch {
          return;
        }
        if (typeof id !== 'number' || !pending.delete(id)) return;
        answered++;
        send();
        settleIfOver();
      };
      socket.on('message', onMessage);
      listeners.push(() => socket.off('message', onMessage));
      for (let k = 0; k < inFlight; k++) send();
    });
    // A window that never filled (no granted device, a closed connection) must not hold the end.
    const tick = setInterval(() => {
      settleIfOver();
      if (over) clearInterval(tick);
    }, 50);
  });
  for (const off of listeners) off();
  return { sent, answered };
}
