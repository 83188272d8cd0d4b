/**
 * The hub itself (PROTOCOL.md section 8): a controller towards MQTT devices (retained
 * `edp/1/+/state` for discovery) and WebSocket devices (`ws_devices`), and a WebSocket server
 * for apps at `/edp/1/hub`. Small on purpose; no fleetcert code.
 */
import { randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import {
  type App,
  checkConfig,
  type Device,
  type Json,
  LIMIT_BYTES,
  MAX_IN_FLIGHT,
  type Pending,
} from './config.js';
import { connectMqttDevices, connectWsDevices, type DeviceHooks } from './device-links.js';

export async function startHub(raw: unknown) {
  const config = checkConfig(raw);
  const devices = new Map<string, Device>();
  const apps = new Set<App>();
  const pending = new Map<string, Pending>();
  const recentIds = new Map<string, Map<number, number>>(); // deviceId → id → time used
  const closers: (() => void)[] = [];

  for (const app of config.apps)
    if (app.devices !== '*')
      for (const id of app.devices) if (!devices.has(id)) devices.set(id, { online: false, model: null });

  const device = (id: string): Device => {
    const known = devices.get(id);
    if (known) return known;
    const d: Device = { online: false, model: null };
    devices.set(id, d);
    return d;
  };
  const granted = (app: App, id: string) => (app.devices === '*' ? devices.has(id) : app.devices.has(id));
  const send = (app: App, message: Json) => {
    if (app.socket.readyState !== WebSocket.OPEN) return;
    if (app.socket.bufferedAmount > 8 * 1024 * 1024) return app.socket.terminate();
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch {
      // Too deep to encode again (JSON.stringify recurses): the app still gets one response.
      const id = (message as { id?: unknown }).id;
      if (id === undefined) return;
      text = JSON.stringify({ id, error: { code: -4011, message: 'device answer could not be relayed' } });
    }
    app.socket.send(text);
  };
  const reply = (app: App, id: number, body: { result: Json } | { error: Json }) => {
    app.inFlight--;
    send(app, { id, ...body });
  };
  const error = (code: number, message: string) => ({ error: { code, message } });

  const notifyApps = (deviceId: string, method: string, params: Json) => {
    for (const app of apps) {
      const wants = app.subscription === '*' ? true : app.subscription.has(deviceId);
      if (wants && granted(app, deviceId)) send(app, { method, params });
    }
  };
  const setOnline = (deviceId: string, online: boolean, model?: string) => {
    const d = device(deviceId);
    if (model !== undefined) d.model = model;
    if (d.online === online) return;
    d.online = online;
    if (!online)
      for (const [key, p] of pending)
        if (p.deviceId === deviceId) {
          clearTimeout(p.timer);
          pending.delete(key);
          reply(p.app, p.appId, error(-4010, 'device offline'));
        }
    notifyApps(deviceId, 'device.presence', { deviceId, online });
  };
  const fromDevice = (deviceId: string, text: string) => {
    let message: Record<string, Json>;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if (typeof message.id === 'number' && 'result' in message !== 'error' in message) {
      const key = `${deviceId} ${message.id}`;
      const p = pending.get(key);
      if (!p) return; // late or unknown answers are dropped
      clearTimeout(p.timer);
      pending.delete(key);
      reply(p.app, p.appId, 'result' in message ? { result: message.result } : { error: message.error });
    } else if (message.method === 'properties_changed')
      notifyApps(deviceId, 'device.properties_changed', { deviceId, items: message.params });
    else if (message.method === 'event_occurred')
      notifyApps(deviceId, 'device.event_occurred', { deviceId, event: message.params });
  };
  const freshId = (deviceId: string) => {
    const now = Date.now();
    const used = recentIds.get(deviceId) ?? new Map<number, number>();
    recentIds.set(deviceId, used);
    for (const [id, time] of used) if (now - time > 60_000) used.delete(id);
    let id = randomInt(1, 2 ** 31 - 1);
    while (used.has(id)) id = randomInt(1, 2 ** 31 - 1);
    used.set(id, now);
    return id;
  };
  const forward = (app: App, appId: number, deviceId: string, method: string, params?: Json) => {
    const d = devices.get(deviceId);
    if (!d?.online || !d.send) return reply(app, appId, error(-4010, 'device offline'));
    const id = freshId(deviceId);
    let text: string;
    try {
      text = JSON.stringify(params === undefined ? { id, method } : { id, method, params });
    } catch {
      return reply(app, appId, error(-32600, 'params nested too deep to forward'));
    }
    const key = `${deviceId} ${id}`;
    const timer = setTimeout(() => {
      pending.delete(key);
      reply(app, appId, error(-4011, 'device did not answer in time'));
    }, config.deadline_ms);
    pending.set(key, { app, appId, deviceId, timer });
    if (!d.send(text)) {
      clearTimeout(timer);
      pending.delete(key);
      reply(app, appId, error(-4010, 'device offline'));
    }
  };

  const handle = (app: App, text: string) => {
    let message: Record<string, Json>;
    try {
      message = JSON.parse(text);
    } catch {
      return send(app, { id: null, ...error(-32700, 'parse error') });
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      return send(app, { id: null, ...error(-32600, 'invalid request') });
    const id = message.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1)
      return send(app, { id: null, ...error(-32600, 'invalid request') });
    const methods = [
      'devices.list',
      'devices.get_model',
      'devices.get_properties',
      'devices.set_properties',
      'devices.action',
      'subscribe',
    ];
    if (typeof message.method !== 'string' || !methods.includes(message.method))
      return send(app, { id, ...error(-32601, 'method not found') });
    if (app.inFlight >= MAX_IN_FLIGHT) return send(app, { id, ...error(-4013, 'busy') });
    app.inFlight++;
    const params = message.params as Record<string, Json> | undefined;
    const isObject = typeof params === 'object' && params !== null && !Array.isArray(params);
    const invalid = () => reply(app, id, error(-32602, 'invalid params'));
    const noAccess = () => reply(app, id, error(-4012, 'unknown or not granted'));
    switch (message.method) {
      case 'devices.list': {
        const ids = app.devices === '*' ? [...devices.keys()] : [...app.devices];
        ids.sort();
        return reply(app, id, {
          result: ids.map((deviceId) => ({
            deviceId,
            model: devices.get(deviceId)?.model ?? null,
            online: devices.get(deviceId)?.online ?? false,
          })),
        });
      }
      case 'subscribe': {
        const list = isObject ? params.deviceIds : undefined;
        if (list === '*') app.subscription = '*';
        else if (Array.isArray(list) && list.every((x) => typeof x === 'string')) {
          if (!list.every((x) => granted(app, x))) return noAccess();
          app.subscription = new Set(list);
        } else return invalid();
        return reply(app, id, { result: {} });
      }
      default: {
        if (!isObject || typeof params.deviceId !== 'string') return invalid();
        const deviceId = params.deviceId;
        const batch =
          message.method === 'devices.get_properties' || message.method === 'devices.set_properties';
        if (batch && !('items' in params)) return invalid();
        if (!granted(app, deviceId)) return noAccess();
        if (message.method === 'devices.get_model') return forward(app, id, deviceId, 'get_model');
        if (batch) return forward(app, id, deviceId, message.method.slice('devices.'.length), params.items);
        const { deviceId: _named, ...rest } = params;
        return forward(app, id, deviceId, 'action', rest);
      }
    }
  };

  const links: DeviceHooks = { device, setOnline, fromDevice };
  if (config.mqtt) closers.push(await connectMqttDevices(config.mqtt, config.ws_devices ?? [], links));
  closers.push(connectWsDevices(config.ws_devices ?? [], links));

  // Apps.
  // Section 3: text that is not valid UTF-8 gets -32700 (ws would close the connection with 1007).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024, skipUTF8Validation: true });
  const http = createServer((_req, res) => res.writeHead(426).end());
  http.on('upgrade', (request, socket, head) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const grants = config.apps.filter((a) => a.token === token);
    if (request.url !== '/edp/1/hub' || grants.length === 0) {
      socket.end(
        `HTTP/1.1 ${grants.length === 0 ? '401 Unauthorized' : '404 Not Found'}\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    const allowed: Set<string> | '*' = grants.some((g) => g.devices === '*')
      ? '*'
      : new Set(grants.flatMap((g) => g.devices as string[]));
    wss.handleUpgrade(request, socket, head, (ws) => {
      const app: App = { socket: ws, devices: allowed, subscription: new Set(), inFlight: 0 };
      apps.add(app);
      ws.on('message', (data, binary) => {
        const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
        if (bytes.length > LIMIT_BYTES) return send(app, { id: null, ...error(-32600, 'too large') });
        if (binary) return send(app, { id: null, ...error(-32700, 'binary frame') });
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          return send(app, { id: null, ...error(-32700, 'not valid UTF-8') });
        }
        try {
          handle(app, text);
        } catch {
          send(app, { id: null, ...error(-32600, 'invalid request') });
        }
      });
      ws.on('close', () => apps.delete(app));
      ws.on('error', () => {});
    });
  });
  const colon = config.listen.lastIndexOf(':');
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(Number(config.listen.slice(colon + 1)), config.listen.slice(0, colon), resolve);
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://${config.listen.slice(0, colon)}:${port}/edp/1/hub`,
    async close() {
      for (const close of closers) close();
      for (const app of apps) app.socket.terminate();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
