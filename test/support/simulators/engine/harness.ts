/**
 * Test helpers for the engine: a hand-driven clock, the reference models, and a way to send
 * a request object and get the parsed reply back, as a controller would see it on the wire.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeReply } from '../../../../simulators/engine/encode-reply.js';
import { createDeviceEngine } from '../../../../simulators/engine/engine.js';
import type { Clock, DeviceEngine, DeviceEngineOptions } from '../../../../simulators/engine/types.js';
import { parseModelText } from '../../../../src/model/load.js';
import type { DeviceModel } from '../../../../src/model/types.js';
import type { Notification } from '../../../../src/protocol/types.js';

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = 1_000_000): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

export type FixtureName = 'bulb' | 'purifier' | 'tv';

const fixtures = new Map<FixtureName, DeviceModel>();

/** A reference model from fixtures/models, loaded and validated once per test file. */
export function fixtureModel(name: FixtureName): DeviceModel {
  let model = fixtures.get(name);
  if (!model) {
    const path = fileURLToPath(new URL(`../../../../fixtures/models/${name}.json`, import.meta.url));
    model = parseModelText(readFileSync(path, 'utf8'), path).model;
    fixtures.set(name, model);
  }
  return model;
}

export interface TestDevice {
  readonly engine: DeviceEngine;
  readonly clock: ManualClock;
  /** Sends `body` (JSON-encoded unless a string) and returns the reply as parsed JSON. */
  send(body: unknown, channel?: string): Exchange;
  /** Sends a request with a fresh id; `params` omitted when undefined. */
  call(method: string, params?: unknown): Exchange;
}

export interface Exchange {
  // biome-ignore lint/suspicious/noExplicitAny: replies are inspected as parsed JSON in tests
  readonly reply: any;
  readonly notifications: readonly Notification[];
  /** Every properties_changed item, in order, across messages. */
  readonly items: readonly { siid: number; piid: number; value: unknown }[];
}

export function testDevice(
  model: DeviceModel | FixtureName,
  options: Partial<Omit<DeviceEngineOptions, 'model' | 'clock'>> = {},
): TestDevice {
  const clock = manualClock();
  const engine = createDeviceEngine({
    deviceId: 'test-0001',
    ...options,
    model: typeof model === 'string' ? fixtureModel(model) : model,
    clock,
  });
  let nextId = 1;
  const send = (body: unknown, channel?: string): Exchange => {
    const out = engine.handleFrame(typeof body === 'string' ? body : JSON.stringify(body), channel);
    return {
      reply: out.reply === undefined ? undefined : JSON.parse(encodeReply(out.reply)),
      notifications: out.notifications,
      items: propertyItems(out.notifications),
    };
  };
  return {
    engine,
    clock,
    send,
    call: (method, params) =>
      send(params === undefined ? { id: nextId++, method } : { id: nextId++, method, params }),
  };
}

export function propertyItems(
  notifications: readonly Notification[],
): { siid: number; piid: number; value: unknown }[] {
  return notifications.flatMap((n) =>
    n.method === 'properties_changed' ? n.params.map((p) => ({ ...p })) : [],
  );
}
