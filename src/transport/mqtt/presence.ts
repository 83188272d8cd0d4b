/**
 * The retained presence payload on `edp/1/{deviceId}/state` (section 5, EDP-MQTT-1):
 * `{ "online": true, "model": "<model id>", "fw": "<version>" }` while connected, and
 * `{ "online": false }` as the will and on graceful shutdown. Members not named are ignored.
 */
import { readFrame } from '../../protocol/frame.js';

export type Presence =
  | { readonly online: true; readonly model: string; readonly fw: string }
  | { readonly online: false };

export const OFFLINE_PRESENCE: Presence = Object.freeze({ online: false });

export function onlinePresence(model: string, fw: string): Presence {
  return { online: true, model, fw };
}

export function encodePresence(presence: Presence): string {
  return presence.online
    ? JSON.stringify({ online: true, model: presence.model, fw: presence.fw })
    : JSON.stringify({ online: false });
}

/** Why `payload` is not a presence message, or `undefined` when it is one. An empty payload (a cleared retained message) is not. */
export function presenceProblem(payload: Uint8Array | string): string | undefined {
  return readPresence(payload).problem;
}

/** The presence in `payload`, or `undefined` when its shape is wrong (see `presenceProblem` for why). */
export function parsePresence(payload: Uint8Array | string): Presence | undefined {
  return readPresence(payload).presence;
}

function readPresence(payload: Uint8Array | string): { presence?: Presence; problem?: string } {
  if (payload.length === 0) return { problem: 'presence payload is empty (a cleared retained message)' };
  const read = readFrame(payload);
  if (!read.ok) return { problem: `presence payload is not a JSON message (${read.problem})` };
  const body = read.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problem: 'presence must be a JSON object' };
  }
  const fields = body as Record<string, unknown>;
  const online = Object.hasOwn(fields, 'online') ? fields.online : undefined;
  if (online === false) return { presence: OFFLINE_PRESENCE };
  if (online !== true) return { problem: 'presence needs "online": true or false' };
  const model = Object.hasOwn(fields, 'model') ? fields.model : undefined;
  const fw = Object.hasOwn(fields, 'fw') ? fields.fw : undefined;
  if (typeof model !== 'string')
    return { problem: 'online presence needs "model", the model id as a string' };
  if (typeof fw !== 'string')
    return { problem: 'online presence needs "fw", the firmware version as a string' };
  return { presence: { online: true, model, fw } };
}
