/**
 * Payloads and options every device of a fleet shares: the model document and presence
 * encoded once per (model, firmware), constant publish options. A fleet of 19,000 devices
 * then holds one copy of each instead of 19,000.
 */
import type { IClientPublishOptions, IClientSubscribeOptions } from 'mqtt';
import type { DeviceModel } from '../../src/model/types.js';
import { encodePresence, OFFLINE_PRESENCE } from '../../src/transport/mqtt/presence.js';

export const OFFLINE_PAYLOAD: Buffer = Buffer.from(encodePresence(OFFLINE_PRESENCE));
export const RETAINED_QOS1: IClientPublishOptions = Object.freeze({ qos: 1, retain: true });
export const QOS1: IClientPublishOptions = Object.freeze({ qos: 1 });
export const SUBSCRIBE_QOS1: IClientSubscribeOptions = Object.freeze({ qos: 1 });

const modelPayloads = new WeakMap<DeviceModel, Buffer>();
const presencePayloads = new WeakMap<DeviceModel, Map<string, Buffer>>();

/** The retained `model` document (section 5), one Buffer per model object. */
export function modelPayload(model: DeviceModel): Buffer {
  let payload = modelPayloads.get(model);
  if (!payload) {
    payload = Buffer.from(JSON.stringify(model));
    modelPayloads.set(model, payload);
  }
  return payload;
}

/** `{ "online": true, "model": …, "fw": … }`; `model` and `fw` equal properties (1, 2) and (1, 4) (EDP-MQTT-1). */
export function presencePayload(model: DeviceModel, modelId: string, firmware: string): Buffer {
  let byKey = presencePayloads.get(model);
  if (!byKey) {
    byKey = new Map();
    presencePayloads.set(model, byKey);
  }
  const key = `${modelId}\u0000${firmware}`;
  let payload = byKey.get(key);
  if (!payload) {
    payload = Buffer.from(encodePresence({ online: true, model: modelId, fw: firmware }));
    byKey.set(key, payload);
  }
  return payload;
}
