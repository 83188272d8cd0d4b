/**
 * Payloads and options devices share: the model document encoded once per model object, the
 * offline presence once, publish options as frozen constants. Thousands of devices of one model
 * then hold one copy of each.
 */
import type { IClientPublishOptions, IClientSubscribeOptions } from 'mqtt';
import type { DeviceModel } from '../../../src/model/index.js';
import { encodePresence, OFFLINE_PRESENCE, onlinePresence } from '../../../src/transport/mqtt/index.js';

export const OFFLINE_PAYLOAD: Buffer = Buffer.from(encodePresence(OFFLINE_PRESENCE));
export const QOS0: IClientPublishOptions = Object.freeze({ qos: 0 });
export const QOS1: IClientPublishOptions = Object.freeze({ qos: 1 });

/** The shared publish options of `qos` (default 1, section 5). */
export function publishQos(qos: 0 | 1 | undefined): IClientPublishOptions {
  return qos === 0 ? QOS0 : QOS1;
}
export const RETAINED_QOS1: IClientPublishOptions = Object.freeze({ qos: 1, retain: true });
export const SUBSCRIBE_QOS1: IClientSubscribeOptions = Object.freeze({ qos: 1 });

const modelPayloads = new WeakMap<DeviceModel, Buffer>();
const presencePayloads = new Map<string, Buffer>();

export function modelPayload(model: DeviceModel): Buffer {
  let payload = modelPayloads.get(model);
  if (payload === undefined) {
    payload = Buffer.from(JSON.stringify(model));
    modelPayloads.set(model, payload);
  }
  return payload;
}

/** `{ "online": true, "model", "fw" }` (section 5), shared per (model id, firmware). */
export function onlinePayload(modelId: string, firmware: string): Buffer {
  const key = `${modelId}\u0000${firmware}`;
  let payload = presencePayloads.get(key);
  if (payload === undefined) {
    payload = Buffer.from(encodePresence(onlinePresence(modelId, firmware)));
    presencePayloads.set(key, payload);
  }
  return payload;
}
