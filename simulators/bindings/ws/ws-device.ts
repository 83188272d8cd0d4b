/**
 * The WebSocket binding (PROTOCOL.md section 6): the device is a server at
 * `ws://HOST:PORT/edp/1`. A wrong or missing bearer token is refused with HTTP 401 before
 * the upgrade (EDP-WS-1); every new connection first gets `hello` (EDP-WS-2); each
 * controller gets the responses to its own requests, and every notification goes to all
 * of them (EDP-WS-3). Each connection is its own channel of the duplicate window (EDP-RPC-5).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../../src/log/index.js';
import { silentLogger } from '../../../src/log/index.js';
import type { Notification } from '../../../src/protocol/index.js';
import { encodeNotification } from '../../../src/protocol/index.js';
import { encodeReply } from '../../engine/encode-reply.js';
import type { DeviceEngine } from '../../engine/types.js';
import type { BindingFaults } from '../../faults/binding/binding-faults.js';
import type { BindingTap } from '../tap.js';
import { bearerToken, tokenMatches } from './bearer.js';

export const WS_PATH = '/edp/1';
/** Frames up to this size reach the engine (which answers -32600 past 64 KiB); larger ones close the connection. */
const MAX_FRAME_BYTES = 1024 * 1024;

export interface WsDeviceOptions {
  readonly engine: DeviceEngine;
  /** The bearer token controllers must present. */
  readonly token: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Planted binding faults (docs/faults.md); none by default. */
  readonly faults?: BindingFaults;
  readonly logger?: Logger;
  /** Records the device and decides when frames are served (simulators/recording); absent: no cost. */
  readonly tap?: BindingTap;
}

export interface WsDevice {
  /** `ws://HOST:PORT/edp/1` */
  readonly url: string;
  readonly port: number;
  /** Controllers connected now. */
  readonly connections: number;
  /** Send notifications the device made by itself (telemetry) to every controller. */
  notify(notifications: readonly Notification[]): void;
  /** Whether the device listens for controllers now (false between `goOffline` and `comeBack`). */
  readonly listening: boolean;
  /**
   * Go away without stopping for good (a fleet's controls): `graceful` closes every connection
   * (1001, going away), `abrupt` terminates the sockets without a close frame; either way the
   * device stops listening until `comeBack`.
   */
  goOffline(how: 'graceful' | 'abrupt'): Promise<void>;
  /** Listen again on the same host and port (controllers' configured URL stays right). */
  comeBack(): Promise<void>;
  /** Close every connection (1001, going away) and stop listening. */
  close(): Promise<void>;
}

interface Controller {
  readonly socket: WebSocket;
  /** The duplicate-window channel of this connection. */
  readonly channel: string;
}

export async function startWsDevice(options: WsDeviceOptions): Promise<WsDevice> {
  const device = new WsDeviceServer(options);
  await device.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return device;
}

class WsDeviceServer implements WsDevice {
  readonly #options: WsDeviceOptions;
  readonly #logger: Logger;
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #controllers: Controller[] = [];
  #nextChannel = 1;
  #url = '';
  #port = 0;
  #host = '127.0.0.1';
  #listening = false;
  /**
   * The control under way: controls take turns, so the last one issued wins. Listening again
   * while a goOffline still waits for its server's close would keep that close from ever
   * coming (Node emits it only once the server has no handle and no connection).
   */
  #turn: Promise<void> = Promise.resolve();
  /** Closed for good: a control still waiting its turn does not open it again. */
  #closed = false;

  constructor(options: WsDeviceOptions) {
    this.#options = options;
    this.#logger = (options.logger ?? silentLogger()).child({
      deviceId: options.engine.deviceId,
      binding: 'ws',
    });
    // UTF-8 is judged by the engine (-32700, EDP-RPC-4), not by ws closing the connection.
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    this.#http = createServer((_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
      response.end(`EDP/1 device ${options.engine.deviceId}: connect with a WebSocket to ${WS_PATH}\n`);
    });
    this.#http.on('upgrade', (request, socket, head) => this.#upgrade(request, socket, head));
  }

  get url(): string {
    return this.#url;
  }

  get port(): number {
    return this.#port;
  }

  get connections(): number {
    return this.#controllers.length;
  }

  get listening(): boolean {
    return this.#listening;
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(port, host, () => {
        this.#http.off('error', reject);
        this.#listening = true;
        this.#host = host;
        this.#port = (this.#http.address() as AddressInfo).port;
        this.#url = `ws://${host.includes(':') ? `[${host}]` : host}:${this.#port}${WS_PATH}`;
        this.#logger.info({ url: this.#url }, 'WebSocket device listening');
        resolve();
      });
    });
  }

  notify(notifications: readonly Notification[]): void {
    const faults = this.#options.faults;
    for (const notification of notifications) {
      if (faults && !faults.sendsNotification()) continue;
      const text = encodeNotification(notification);
      // EDP-WS-3: every notification reaches every controller. fault hook: ws-notify-one-controller
      const targets = faults?.has('ws-notify-one-controller')
        ? this.#controllers.slice(0, 1)
        : this.#controllers;
      // fault hook: notification-latency
      const deliver = () => {
        let sent = false;
        for (const controller of targets) sent = send(controller.socket, text) || sent;
        if (sent) this.#options.tap?.sentNotification(notification, text);
      };
      if (faults === undefined) deliver();
      else faults.notification(deliver);
    }
  }

  goOffline(how: 'graceful' | 'abrupt'): Promise<void> {
    return this.#inTurn(() => this.#goOffline(how));
  }

  comeBack(): Promise<void> {
    return this.#inTurn(async () => {
      if (this.#listening || this.#closed) return;
      await this.listen(this.#host, this.#port);
    });
  }

  #inTurn(control: () => Promise<void>): Promise<void> {
    const run = this.#turn.then(control);
    this.#turn = run.catch(() => undefined);
    return run;
  }

  async #goOffline(how: 'graceful' | 'abrupt'): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    this.#options.faults?.cancelPending();
    this.#options.tap?.presence(false, how);
    const closed = new Promise<void>((resolve) => this.#http.close(() => resolve()));
    for (const controller of [...this.#controllers]) {
      if (how === 'graceful') controller.socket.close(1001, 'device going away');
      else controller.socket.terminate();
    }
    this.#http.closeAllConnections();
    await closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listening = false;
    this.#options.faults?.cancelPending();
    this.#options.tap?.presence(false, 'graceful');
    for (const controller of [...this.#controllers]) controller.socket.close(1001, 'device going away');
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    for (const controller of [...this.#controllers]) controller.socket.terminate();
    this.#http.closeAllConnections();
    if (this.#http.listening) await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    // EDP-WS-1: a wrong or missing token is refused with 401 before the upgrade. fault hook: ws-accept-bad-token
    const authorised = tokenMatches(bearerToken(request.headers.authorization), this.#options.token);
    if (!authorised && !this.#options.faults?.has('ws-accept-bad-token')) {
      this.#logger.warn(
        { remote: request.socket.remoteAddress },
        'refused a controller without the right bearer token',
      );
      refuse(socket, 401, 'Unauthorized');
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws));
  }

  #accept(socket: WebSocket): void {
    const { engine, faults } = this.#options;
    const controller: Controller = { socket, channel: `ws-${this.#nextChannel++}` };
    if (faults?.losesStateOnReconnect()) engine.resetState();
    this.#controllers.push(controller);
    // EDP-WS-2: hello first, before anything else on this connection. fault hook: ws-no-hello
    if (!faults?.has('ws-no-hello')) {
      const hello: Notification = {
        method: 'hello',
        params: { deviceId: engine.deviceId, model: engine.model.model, fw: engine.firmware },
      };
      send(socket, encodeNotification(hello));
    }
    this.#options.tap?.presence(true, 'connect');
    const tap = this.#options.tap;
    socket.on(
      'message',
      tap === undefined
        ? (data, isBinary) => this.#serve(controller, data as Buffer, isBinary)
        : (data, isBinary) =>
            tap.frameArrived(data as Buffer, () => this.#serve(controller, data as Buffer, isBinary)),
    );
    socket.on('close', () => {
      const index = this.#controllers.indexOf(controller);
      if (index >= 0) this.#controllers.splice(index, 1);
    });
    socket.on('error', (error) => this.#logger.debug({ err: error }, 'controller connection error'));
  }

  #serve(controller: Controller, data: Buffer, binary: boolean): void {
    const { engine, faults } = this.#options;
    // Section 6: a binary frame gets -32700, whatever it holds.
    const output = engine.handleFrame(data, controller.channel, binary ? { binary: true } : undefined);
    if (output.reply) {
      const text = encodeReply(output.reply);
      // EDP-WS-3: the response goes to the controller that asked. fault hook: ws-cross-replies
      const target = faults?.has('ws-cross-replies') ? this.#other(controller) : controller;
      const tap = this.#options.tap;
      const reply = tap
        ? (t: string) => send(target.socket, t) && tap.sentResponse(t)
        : (t: string) => send(target.socket, t);
      if (faults) faults.reply(text, reply);
      else reply(text);
    }
    this.notify(output.notifications);
    const cut = faults?.disconnectNow();
    if (cut === 'clean') controller.socket.close(1001, 'device going away');
    else if (cut === 'abrupt') controller.socket.terminate();
  }

  #other(controller: Controller): Controller {
    return this.#controllers.find((c) => c !== controller) ?? controller;
  }
}

function send(socket: WebSocket, text: string): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  socket.send(text);
  return true;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}
