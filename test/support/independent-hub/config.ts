import type WebSocket from 'ws';

/** The hub configuration of PROTOCOL.md section 8, checked just enough to start (unknown keys ignored). */

export type Json = unknown;
export interface Config {
  listen: string;
  mqtt?: { url: string; username: string; password: string };
  ws_devices?: { deviceId: string; url: string; token: string }[];
  deadline_ms: number;
  apps: { token: string; devices: string[] | '*' }[];
}
export interface Device {
  online: boolean;
  model: string | null;
  send?: (text: string) => boolean;
}
export interface App {
  socket: WebSocket;
  devices: Set<string> | '*';
  subscription: Set<string> | '*';
  inFlight: number;
}
export interface Pending {
  app: App;
  appId: number;
  deviceId: string;
  timer: NodeJS.Timeout;
}

export const LIMIT_BYTES = 65_536;
export const MAX_IN_FLIGHT = 32;

export function checkConfig(value: unknown): Config {
  const c = value as Partial<Config> | null;
  if (typeof c !== 'object' || c === null) throw new Error('config: not an object');
  if (typeof c.listen !== 'string' || !/^.+:\d+$/.test(c.listen))
    throw new Error('config: listen must be HOST:PORT');
  if (!Array.isArray(c.apps)) throw new Error('config: apps must be an array');
  for (const app of c.apps)
    if (typeof app?.token !== 'string' || !(app.devices === '*' || Array.isArray(app.devices)))
      throw new Error('config: every app needs a token and devices');
  return { deadline_ms: 2000, ...c } as Config;
}
